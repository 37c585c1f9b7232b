// Password storage and policy (docs/security.md R1–R5, R8).
import { describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../main/server/crypto/password-hasher.ts';
import { parsePhc } from '../../main/server/crypto/phc.ts';
import { checkPassword } from '../../main/server/accounts/password-policy.ts';
import { findUserByEmail } from '../../main/server/accounts/users.ts';
import { PASSWORD, errorOf, registerUser, startServer } from '../helpers/server.ts';

const OWASP = { memoryKiB: 19456, passes: 2, parallelism: 1 };
const policy = { minLength: 8, maxLength: 128 };

describe('password hashing', () => {
  it('stores argon2id in PHC format with the OWASP parameters and a unique 16-byte salt', async () => {
    const hasher = new PasswordHasher({ ...OWASP, backend: 'auto' });
    const [a, b] = [await hasher.hash('same password'), await hasher.hash('same password')];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parsePhc(a)!.salt.equals(parsePhc(b)!.salt)).toBe(false);
    expect(a).not.toBe(b);
    expect(await hasher.verify('same password', a)).toEqual({ ok: true, needsRehash: false });
    expect((await hasher.verify('same passworD', a)).ok).toBe(false);
    await hasher.close();
  });

  it('the native and the worker-thread backends produce hashes each other verifies', async () => {
    const native = new PasswordHasher({ ...OWASP, memoryKiB: 4096, backend: 'native' });
    const noble = new PasswordHasher({ ...OWASP, memoryKiB: 4096, backend: 'noble' });
    expect(noble.backend.name).toBe('noble');
    const fromNative = await native.hash('pässwörd ünïcode');
    const fromNoble = await noble.hash('pässwörd ünïcode');
    expect((await noble.verify('pässwörd ünïcode', fromNative)).ok).toBe(true);
    expect((await native.verify('pässwörd ünïcode', fromNoble)).ok).toBe(true);
    await Promise.all([native.close(), noble.close()]);
  });

  it('normalizes with NFKC, so composed and decomposed forms are one password', async () => {
    const hasher = new PasswordHasher({ ...OWASP, memoryKiB: 1024, passes: 1, backend: 'auto' });
    const stored = await hasher.hash('Pässwörd-Ünïcödé'.normalize('NFC'));
    expect((await hasher.verify('Pässwörd-Ünïcödé'.normalize('NFD'), stored)).ok).toBe(true);
    await hasher.close();
  });

  it('never runs more derivations at once than its limit', async () => {
    const hasher = new PasswordHasher({
      ...OWASP,
      memoryKiB: 1024,
      passes: 1,
      backend: 'auto',
      maxConcurrentHashes: 2,
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => hasher.hash(`password number ${i}`)));
    expect(hasher.stats.derivations).toBe(10);
    expect(hasher.stats.maxInFlight).toBe(2);
    await hasher.close();
  });

  it('rehashes on sign-in when the stored parameters differ, and only on success', async () => {
    const weak = startServer({ password: { memoryKiB: 1024, passes: 1 } }, { file: true });
    await registerUser(weak.server);
    const before = findUserByEmail(weak.server.services.db, 'ada@example.com')!.password_hash!;
    expect(before).toContain('m=1024,t=1');
    await weak.server.close();

    const { createAuthServer } = await import('../../main/server/server.ts');
    const strong = createAuthServer({
      database: weak.server.config.database,
      password: { memoryKiB: 2048, passes: 2 },
    });
    try {
      await errorOf(strong.caller().auth.login({ email: 'ada@example.com', password: 'wrong password!' }));
      expect(findUserByEmail(strong.services.db, 'ada@example.com')!.password_hash).toBe(before);
      await strong.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
      const after = findUserByEmail(strong.services.db, 'ada@example.com')!.password_hash!;
      expect(after).toContain('m=2048,t=2');
      expect(strong.services.audit.list({ type: 'password_rehashed', limit: 5 })).toHaveLength(1);
      await strong.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    } finally {
      await strong.close();
    }
  });
});

describe('password policy', () => {
  it.each([
    ['passwordpassword', 'password_blocklisted'],
    ['123456789012345', 'password_blocklisted'],
    ['qwertyuiopasdfgh', 'password_blocklisted'],
    ['iloveyou12', 'password_blocklisted'],
    ['aaaaaaaaaaaaaaaa', 'password_blocklisted'],
    ['ada.lovelace2024!!', 'password_contextual'],
    ['latchkeykiosk01', 'password_contextual'],
    ['short', 'password_too_short'],
    ['x'.repeat(129), 'password_too_long'],
  ])('rejects %s with %s', (password, reason) => {
    const verdict = checkPassword(password, policy, { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' });
    expect(verdict).toMatchObject({ ok: false, reason });
  });

  it.each([
    'Xk9#mQ2$vL7pR4wz',
    'correct horse battery staple',
    'ada plus a long random tail 9f3k2',
    '🦊🐙🌵🚲🎻🧭🪁🍋',
  ])('accepts %s', (password) => {
    expect(checkPassword(password, policy, { email: 'ada@example.com', name: 'Ada' })).toEqual({ ok: true });
  });

  it('counts code points, not bytes or UTF-16 units', () => {
    expect(checkPassword('😀'.repeat(7), policy)).toMatchObject({ reason: 'password_too_short' });
    const eight = '🦊🐙🌵🚲🎻🧭🪁🍋';
    expect(eight.length).toBe(16);
    expect(checkPassword(eight, policy)).toEqual({ ok: true });
    expect(checkPassword('😀'.repeat(129), policy)).toMatchObject({ reason: 'password_too_long' });
  });

  it('a 15-character minimum policy rejects 14 characters', () => {
    expect(checkPassword('Xk9#mQ2$vL7pR4', { minLength: 15, maxLength: 128 })).toMatchObject({
      reason: 'password_too_short',
    });
  });

  it('registration reports the reason as VALIDATION_ERROR with a per-field message', async () => {
    const { server } = startServer();
    const error = await errorOf(
      server.caller().auth.register({ email: 'bob@example.com', password: 'passwordpassword', name: 'Bob' }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', reason: 'password_blocklisted' });
  });
});
