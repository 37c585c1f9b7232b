// Device trust in the app session: main keeps each account's trust token (sealed by the OS key
// store, so the trust outlives a restart), presents it when that account signs in over IPC, and
// forgets it once the server no longer honours it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDeviceTrustStore } from '../../../main/app-session/device-trust-store.ts';
import type { AuthResult, SignInResult } from '../../../shared/types.ts';
import { dataOf, startIpc } from '../../helpers/ipc.ts';
import { fakeOsCrypto } from '../../helpers/os-crypto.ts';
import { as, PASSWORD, registerUser, tempDir } from '../../helpers/server.ts';
import { codeAt, enrollTotp, expectChallenge, STEP_MS } from '../../helpers/totp.ts';

const login = { email: 'ada@example.com', password: PASSWORD };

/** An IPC app whose user has TOTP and trusted this machine at the second factor. */
async function trustedMachine(options: Parameters<typeof startIpc>[0] = {}) {
  const ipc = startIpc(options);
  const frame = ipc.frame();
  const registered = await registerUser(ipc.server);
  const { secret } = await enrollTotp(ipc.server, registered.tokens.accessToken);
  ipc.clock.advance(STEP_MS);
  const challenge = dataOf<SignInResult>(await frame.call('mutation', 'auth.login', login));
  const trusted = dataOf<AuthResult>(
    await frame.call('mutation', 'auth.verifySecondFactor', {
      challengeToken: expectChallenge(challenge).token,
      code: await codeAt(ipc.server, secret),
      trustDevice: true,
    }),
  );
  return { ...ipc, frame, userId: registered.user.id, trusted };
}

describe('device trust in the app session', () => {
  it('is sealed on disk and survives a restart of the app', async () => {
    const os = fakeOsCrypto({ backend: 'gnome_libsecret' });
    const path = join(tempDir(), 'device-trust.bin');
    const trustStore = fileDeviceTrustStore(path, os);
    const ipc = await trustedMachine({ file: true, trustStore });
    await ipc.session.saved();
    const token = ipc.session.deviceTrustToken(ipc.userId)!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(existsSync(path)).toBe(true);
    const sealed = readFileSync(path);
    expect(sealed.includes(Buffer.from(token))).toBe(false);
    expect(sealed.toString('latin1')).not.toMatch(/devices|userId/);
    // Sealed under another OS user's key, the file yields nothing.
    expect((await fileDeviceTrustStore(path, fakeOsCrypto()).load()).size).toBe(0);

    // The app quits and starts again: the new session takes the token back and presents it.
    const app = await ipc.restartApp();
    expect(app.session.deviceTrustToken(ipc.userId)).toBeUndefined();
    await app.session.restore();
    expect(app.session.deviceTrustToken(ipc.userId)).toBe(token);
    const again = dataOf<SignInResult>(await app.frame().call('mutation', 'auth.login', login));
    expect(again).toMatchObject({ requires2fa: false, session: { amr: ['pwd'], aal: 1 } });
    expect(JSON.stringify(app.sent)).not.toContain(token);
    await app.session.close();
  });

  it('is forgotten once the server stops honouring it, and the second factor is asked again', async () => {
    const ipc = await trustedMachine();
    const accessToken = (await ipc.session.accessToken())!;
    await as(ipc.server, accessToken).devices.untrust({ id: ipc.trusted.device.id });
    expect(ipc.session.deviceTrustToken(ipc.userId)).toBeDefined();
    // The next result main receives (here a refresh) shows the device untrusted.
    await ipc.session.refresh(ipc.userId);
    expect(ipc.session.deviceTrustToken(ipc.userId)).toBeUndefined();
    await ipc.session.saved();
    dataOf(await ipc.frame.call('mutation', 'app.signOut'));
    expectChallenge(dataOf<SignInResult>(await ipc.frame.call('mutation', 'auth.login', login)));
  });
});
