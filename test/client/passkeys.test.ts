// Passkeys through latchkey/client against a real server: add, list, rename, sign in (discoverable,
// by email, and as the second factor after a password), delete, and the refusal after delete.
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/server.ts';
import { SoftAuthenticator } from '../helpers/passkey-authenticator.ts';
import { codeAt } from '../helpers/totp.ts';
import { decodeBase32 } from '../../main/server/totp/totp-code.ts';
import { refusal, startClientServer } from './helpers.ts';

const ORIGIN = 'http://localhost:4317';
const EMAIL = 'ada@example.com';

describe('latchkey/client passkeys', () => {
  it('covers every passkey call', async () => {
    const { newClient, server, clock } = await startClientServer({
      passkeys: { rpId: 'localhost', origins: [ORIGIN] },
    });
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost');
    const laptop = newClient();
    await laptop.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const options = await laptop.passkeys.registrationOptions();
    const added = await laptop.passkeys.register({ response: authenticator.register(options), name: 'Laptop' });
    expect(added).toMatchObject({ name: 'Laptop', backupEligible: false });
    expect(await laptop.passkeys.list()).toEqual([added]);
    expect(await laptop.passkeys.rename(added.id, 'Work laptop')).toMatchObject({ name: 'Work laptop' });

    const phone = newClient();
    const discoverable = await phone.passkeyOptions();
    const signedIn = await phone.verifyPasskey({ response: authenticator.assert(discoverable) });
    expect(signedIn).toMatchObject({ requires2fa: false, session: { amr: ['hwk', 'user'] } });
    expect(await phone.isSignedIn()).toBe(true);
    const byEmail = await newClient().passkeyOptions({ email: EMAIL });
    expect(byEmail.allowCredentials).toHaveLength(1);

    // As the second factor after a password.
    const begun = await laptop.totp.beginEnrollment();
    await laptop.totp.confirmEnrollment(await codeAt(server, decodeBase32(begun.secret)));
    clock.advance(30_000);
    const kiosk = newClient();
    const challenged = await kiosk.login({ email: EMAIL, password: PASSWORD });
    if (!challenged.requires2fa) throw new Error('expected a challenge');
    const challengeToken = challenged.challenge.token;
    const second = await kiosk.passkeyOptions({ challengeToken });
    const passed = await kiosk.verifyPasskey({ response: authenticator.assert(second), challengeToken });
    expect(passed).toMatchObject({ requires2fa: false, session: { amr: ['pwd', 'hwk', 'mfa'], aal: 2 } });
    expect(await kiosk.isSignedIn()).toBe(true);

    expect(await laptop.passkeys.delete(added.id)).toEqual({ deleted: true });
    const after = await newClient().passkeyOptions();
    const refused = await refusal(newClient().verifyPasskey({ response: authenticator.assert(after) }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', status: 400 });
  });
});
