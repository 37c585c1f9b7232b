// Key material in Electron (docs/security.md R22/R27): the auth server's data key is
// wrapped by the OS key store where it is real, else kept in a 0600 key file; the first choice
// sticks, and a wrapped key never silently gives way to a new one.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecretBox } from '../../../main/app-session/os-crypto.ts';
import { createAuthServer } from '../../../main/server/server.ts';
import { fakeOsCrypto } from '../../helpers/os-crypto.ts';
import { FAST_PASSWORDS, registerUser, tempDir } from '../../helpers/server.ts';

describe('the data key in Electron', () => {
  it('is wrapped by safeStorage where the key store is real', async () => {
    const db = join(tempDir(), 'latchkey.db');
    const key = randomBytes(32);
    const first = await appSecretBox(db, fakeOsCrypto({ backend: 'gnome_libsecret', key }));
    expect(first.kind).toBe('safe_storage');
    expect(existsSync(`${db}.key`)).toBe(false);
    expect(statSync(`${db}.wrapped-key`).mode & 0o777).toBe(0o600);
    const sealed = first.box.seal(Buffer.from('signing key'));
    const again = await appSecretBox(db, fakeOsCrypto({ backend: 'gnome_libsecret', key }));
    expect(again.box.open(sealed).toString()).toBe('signing key');
    // Another OS user (another safeStorage key) cannot unwrap it.
    await expect(appSecretBox(db, fakeOsCrypto({ backend: 'gnome_libsecret' }))).rejects.toThrow();
  });

  it('is sealed again when the OS asks (its key rotated), and still opens the same data', async () => {
    const db = join(tempDir(), 'latchkey.db');
    const key = randomBytes(32);
    const first = await appSecretBox(db, fakeOsCrypto({ key }));
    const sealed = first.box.seal(Buffer.from('totp secret'));
    const before = readFileSync(`${db}.wrapped-key`);
    const resealed = await appSecretBox(db, fakeOsCrypto({ key, reseal: true }));
    const after = readFileSync(`${db}.wrapped-key`);
    expect(after.equals(before)).toBe(false);
    expect(statSync(`${db}.wrapped-key`).mode & 0o777).toBe(0o600);
    expect(existsSync(`${db}.wrapped-key.tmp`)).toBe(false);
    expect(resealed.box.open(sealed).toString()).toBe('totp secret');
    const untouched = await appSecretBox(db, fakeOsCrypto({ key }));
    expect(readFileSync(`${db}.wrapped-key`).equals(after)).toBe(true);
    expect(untouched.box.open(sealed).toString()).toBe('totp secret');
  });

  it('falls back to a 0600 key file on basic_text, and keeps using it later', async () => {
    const db = join(tempDir(), 'latchkey.db');
    expect((await appSecretBox(db, fakeOsCrypto({ backend: 'basic_text' }))).kind).toBe('key_file');
    expect(statSync(`${db}.key`).mode & 0o777).toBe(0o600);
    expect((await appSecretBox(db, fakeOsCrypto({ backend: 'kwallet6' }))).kind).toBe('key_file');
  });

  it('gives a database restored without its key no new one, wrapped or not', async () => {
    const db = join(tempDir(), 'latchkey.db');
    const server = createAuthServer({ database: db, password: FAST_PASSWORDS });
    await registerUser(server);
    await server.close();
    rmSync(`${db}.key`);
    for (const backend of ['gnome_libsecret', 'basic_text']) {
      const error = await appSecretBox(db, fakeOsCrypto({ backend })).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'DataKeyError', code: 'DATA_KEY_MISSING' });
      expect((error as Error).message).toContain(`${db}.wrapped-key or ${db}.key is missing`);
    }
    expect([existsSync(`${db}.key`), existsSync(`${db}.wrapped-key`)]).toEqual([false, false]);
  });

  it('refuses to start when the wrapped key cannot be unwrapped now', async () => {
    const db = join(tempDir(), 'latchkey.db');
    await appSecretBox(db, fakeOsCrypto());
    await expect(appSecretBox(db, fakeOsCrypto({ available: false }))).rejects.toThrow(/unlock the keyring/);
    expect(existsSync(`${db}.key`)).toBe(false);
  });

  it('seals the server’s signing keys: the database alone is not enough', async () => {
    const db = join(tempDir(), 'latchkey.db');
    const key = randomBytes(32);
    const server = createAuthServer(
      { database: db, password: FAST_PASSWORDS },
      { secretBox: (await appSecretBox(db, fakeOsCrypto({ key }))).box },
    );
    await registerUser(server);
    await server.close();
    const rows = readFileSync(db).toString('latin1');
    expect(rows).not.toMatch(/"d":"/); // no private JWK in clear
    const wrapped = readFileSync(`${db}.wrapped-key`);
    expect(wrapped.length).toBeGreaterThan(32);
  });
});
