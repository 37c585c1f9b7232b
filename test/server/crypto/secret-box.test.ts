// Key material is sealed with a key kept outside the database (docs/security.md R22, R27).
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aesGcmSecretBox,
  ephemeralSecretBox,
  keyFileSecretBox,
  wrappedKeyFileSecretBox,
} from '../../../main/server/crypto/secret-box.ts';
import { createAuthServer } from '../../../main/server/server.ts';
import { FAST_PASSWORDS, registerUser, tempDir } from '../../helpers/server.ts';

describe('secret box', () => {
  it('round-trips, uses a fresh nonce each time, and detects tampering', () => {
    const box = ephemeralSecretBox();
    const a = box.seal(Buffer.from('signing key'));
    const b = box.seal(Buffer.from('signing key'));
    expect(a.equals(b)).toBe(false);
    expect(box.open(a).toString()).toBe('signing key');
    a[a.length - 1]! ^= 1;
    expect(() => box.open(a)).toThrow();
    expect(() => ephemeralSecretBox().open(b)).toThrow();
  });

  it('creates its key file with mode 0600 and makes one others can read 0600 before reading it', () => {
    const path = join(tempDir(), 'k.key');
    keyFileSecretBox(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const loose = join(tempDir(), 'loose.key');
    writeFileSync(loose, Buffer.alloc(32, 1));
    chmodSync(loose, 0o644);
    const sealed = keyFileSecretBox(loose).seal(Buffer.from('x'));
    expect(statSync(loose).mode & 0o777).toBe(0o600);
    expect(aesGcmSecretBox(Buffer.alloc(32, 1)).open(sealed).toString()).toBe('x');
  });

  it('a wrapped data key goes through the wrapper (Electron safeStorage plugs in here)', () => {
    const path = join(tempDir(), 'wrapped.key');
    const calls: string[] = [];
    const wrapper = {
      wrap: (key: Buffer) => (calls.push('wrap'), Buffer.from(key.map((byte) => byte ^ 0x5a))),
      unwrap: (wrapped: Buffer) => (calls.push('unwrap'), Buffer.from(wrapped.map((byte) => byte ^ 0x5a))),
    };
    const sealed = wrappedKeyFileSecretBox(path, wrapper).seal(Buffer.from('x'));
    expect(wrappedKeyFileSecretBox(path, wrapper).open(sealed).toString()).toBe('x');
    expect(calls).toEqual(['wrap', 'unwrap', 'unwrap']);
  });

  it('a database copied without its key file cannot sign: the keys stay sealed', async () => {
    const dir = tempDir();
    const database = join(dir, 'auth.db');
    const server = createAuthServer({ database, password: FAST_PASSWORDS });
    await registerUser(server);
    await server.close();
    expect(() => createAuthServer({ database, password: FAST_PASSWORDS }, { secretBox: ephemeralSecretBox() })).toThrow(
      /The data key does not open the data sealed in/,
    );
  });
});
