// Remember-me (docs/security.md R40): a refresh token outlives the app only sealed by the OS key store,
// never on Linux's basic_text backend, and the saved copy follows every rotation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppSession } from '../../../main/app-session/app-session.ts';
import { rememberSupport, type OsCrypto } from '../../../main/app-session/os-crypto.ts';
import { fileRememberedStore } from '../../../main/app-session/remembered-store.ts';
import { ipcRequestInfo } from '../../../main/ipc/latchkey-ipc.ts';
import { MINUTE } from '../../helpers/email.ts';
import { dataOf, errorCodeOf, startIpc } from '../../helpers/ipc.ts';
import { fakeOsCrypto } from '../../helpers/os-crypto.ts';
import { PASSWORD, tempDir } from '../../helpers/server.ts';

const register = { email: 'ada@example.com', password: PASSWORD, name: 'Ada Lovelace' };

describe('remember me', () => {
  it('is refused on Linux’s basic_text backend, with a clear message', async () => {
    const os = fakeOsCrypto({ backend: 'basic_text' });
    const support = await rememberSupport(os);
    expect(support).toMatchObject({ available: false, reason: 'basic_text' });
    expect(!support.available && support.message).toMatch(/basic_text.*keyring|keyring.*basic_text/s);
    const path = join(tempDir(), 'remembered.bin');
    const ipc = startIpc({ remember: support, store: fileRememberedStore(path, os) });
    const frame = ipc.frame();
    const answer = await frame.call('mutation', 'app.setRememberMe', { remember: true });
    expect(errorCodeOf(answer)).toBe('REMEMBER_ME_UNAVAILABLE');
    expect('error' in answer && answer.error.message).toMatch(/cannot keep you signed in/);
    await frame.call('mutation', 'auth.register', register);
    expect(dataOf<{ rememberMe: unknown }>(await frame.call('query', 'app.state')).rememberMe).toMatchObject({
      enabled: false,
      available: false,
      reason: 'basic_text',
    });
    expect(existsSync(path)).toBe(false);
  });

  it('is refused where the OS has no key store at all', async () => {
    expect(await rememberSupport(fakeOsCrypto({ available: false }))).toMatchObject({ available: false });
    expect(await rememberSupport(fakeOsCrypto({ backend: 'gnome_libsecret' }))).toEqual({ available: true });
  });

  it('keeps nothing on disk unless asked', async () => {
    const path = join(tempDir(), 'remembered.bin');
    const ipc = startIpc({ store: fileRememberedStore(path, fakeOsCrypto()) });
    await ipc.frame().call('mutation', 'auth.register', register);
    expect(existsSync(path)).toBe(false);
  });

  it('seals the token, follows its rotation and signs back in after a restart', async () => {
    const os = fakeOsCrypto({ backend: 'gnome_libsecret' });
    const path = join(tempDir(), 'remembered.bin');
    const store = fileRememberedStore(path, os);
    const ipc = startIpc({ file: true, store });
    const frame = ipc.frame();
    dataOf(await frame.call('mutation', 'app.setRememberMe', { remember: true }));
    await frame.call('mutation', 'auth.register', register);
    const held = async () => (await store.load())[0]!.refreshToken;
    const first = await held();
    expect(readFileSync(path).includes(Buffer.from(first))).toBe(false);
    expect(readFileSync(path).toString('latin1')).not.toMatch(/ada@example|refreshToken/);

    ipc.clock.advance(11 * MINUTE);
    await ipc.session.accessToken(); // main refreshes; the saved token follows
    await ipc.session.saved();
    const second = await held();
    expect(second).not.toBe(first);

    const server = await ipc.restart();
    const restored = new AppSession({
      server,
      request: () => ipcRequestInfo(ipc.machine),
      store,
      remember: { available: true },
    });
    await restored.restore();
    expect(restored.currentUser()?.email).toBe('ada@example.com');
    await restored.saved();
    expect(await held()).not.toBe(second);
    expect(await restored.accessToken()).toMatch(/^eyJ/);
    await restored.close();
  });

  it('forgets the saved sign-in when the user turns remember-me off or signs out', async () => {
    const path = join(tempDir(), 'remembered.bin');
    const ipc = startIpc({ store: fileRememberedStore(path, fakeOsCrypto()) });
    const frame = ipc.frame();
    await frame.call('mutation', 'app.setRememberMe', { remember: true });
    await frame.call('mutation', 'auth.register', register);
    expect(existsSync(path)).toBe(true);
    await frame.call('mutation', 'app.setRememberMe', { remember: false });
    expect(existsSync(path)).toBe(false);
    await frame.call('mutation', 'app.setRememberMe', { remember: true });
    expect(existsSync(path)).toBe(true);
    dataOf(await frame.call('mutation', 'app.signOut'));
    expect(existsSync(path)).toBe(false);
  });

  it('saves in order even when sealing is slow, and closing waits for the last save', async () => {
    // The OS takes its time sealing the first save; the rotation after it must still land last.
    const os = fakeOsCrypto();
    let release!: () => void;
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const slow: OsCrypto = {
      ...os,
      encrypt: async (plaintext) => {
        if (first) {
          first = false;
          await slowFirst;
        }
        return os.encrypt(plaintext);
      },
    };
    const path = join(tempDir(), 'remembered.bin');
    const store = fileRememberedStore(path, slow);
    const ipc = startIpc({ store });
    const frame = ipc.frame();
    dataOf(await frame.call('mutation', 'app.setRememberMe', { remember: true }));
    // The renderer's answer waits for the save, so it is not awaited yet.
    const registering = frame.call('mutation', 'auth.register', register);
    while (!ipc.session.currentUser()) await new Promise((resolve) => setImmediate(resolve));
    ipc.clock.advance(11 * MINUTE);
    const rotated = await ipc.session.refresh();
    expect(rotated?.tokens.refreshToken).toEqual(expect.any(String));
    let closed = false;
    const closing = ipc.session.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    expect(existsSync(path)).toBe(false);
    release();
    await closing;
    expect(dataOf<{ user: { email: string } }>(await registering).user.email).toBe('ada@example.com');
    expect(await store.load()).toEqual([
      { userId: rotated!.user.id, refreshToken: rotated!.tokens.refreshToken, active: true },
    ]);
  });
});
