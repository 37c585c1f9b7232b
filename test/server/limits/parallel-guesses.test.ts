// A burst of parallel guesses gets no more evaluations than a patient attacker (docs/security.md R8,
// R41): each attempt is charged atomically before its hash, so at most `threshold` are ever hashed
// in a lock window, whatever the concurrency; unknown emails are charged exactly alike (R7).
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { startWithTotp, expectChallenge, login } from '../../helpers/totp.ts';

const WRONG = 'wrong password entirely';

describe('parallel password guesses', () => {
  it.each(['ada@example.com', 'ghost@example.com'])(
    'hash at most 5 of 50 for %s; the rest are RATE_LIMITED; the right password works after the delay',
    async (email) => {
      const { server, clock } = startServer();
      await registerUser(server, 'ada@example.com');
      const { hasher, throttle } = server.services;
      const before = hasher.stats.derivations;
      const errors = await Promise.all(
        Array.from({ length: 50 }, () => errorOf(server.caller().auth.login({ email, password: WRONG }))),
      );
      expect(hasher.stats.derivations - before).toBe(5);
      expect(errors.filter((error) => error.code === 'INVALID_CREDENTIALS')).toHaveLength(5);
      const refused = errors.filter((error) => error.code === 'RATE_LIMITED');
      expect(refused).toHaveLength(45);
      for (const error of refused)
        expect(error).toEqual({ code: 'RATE_LIMITED', retryAfter: 30, message: expect.any(String) });
      expect(throttle.failures(`acct:${email}`)).toBe(5);

      // Still locked a second before the delay ends, for the right password too (R43).
      clock.advance(29_000);
      expect(await errorOf(server.caller().auth.login({ email, password: PASSWORD }))).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfter: 1,
      });
      clock.advance(1_000);
      const after = hasher.stats.derivations;
      if (email === 'ada@example.com') {
        const result = await server.caller().auth.login({ email, password: PASSWORD });
        expect(result.requires2fa).toBe(false);
        expect(throttle.failures(`acct:${email}`)).toBe(0);
      } else {
        expect((await errorOf(server.caller().auth.login({ email, password: PASSWORD }))).code).toBe(
          'INVALID_CREDENTIALS',
        );
      }
      expect(hasher.stats.derivations - after).toBe(1);
    },
  );

  it('lift the lock a right password set while it was being checked', async () => {
    const { server } = await startWithTotp({}, {}, 'ada@example.com');
    for (let i = 0; i < 4; i++)
      await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: WRONG }));
    // The fifth attempt locks while it is checked; being right, it gives its charge and lock back.
    // With a second step still to pass the streak stands (4), but nothing is locked.
    expectChallenge(await login(server));
    expect(server.services.throttle.failures('acct:ada@example.com')).toBe(4);
    expect(server.services.throttle.retryAfter(['acct:ada@example.com'])).toBe(0);
    expectChallenge(await login(server));
  });

  it('count the source address once per evaluated guess, and give a success its charge back', async () => {
    const { server } = startServer({ lockout: { sourceThreshold: 8 } });
    await registerUser(server, 'ada@example.com');
    const caller = server.caller({ transport: 'http', ipAddress: '198.51.100.4' });
    // Right passwords at once: none counts as a failure against the address.
    await Promise.all(
      Array.from({ length: 4 }, () => caller.auth.login({ email: 'ada@example.com', password: PASSWORD })),
    );
    expect(server.services.throttle.failures('ip:198.51.100.4')).toBe(0);
    const errors = await Promise.all(
      Array.from({ length: 20 }, (_, i) => errorOf(caller.auth.login({ email: `u${i}@example.com`, password: WRONG }))),
    );
    expect(errors.filter((error) => error.code === 'INVALID_CREDENTIALS')).toHaveLength(8);
    expect(server.services.throttle.failures('ip:198.51.100.4')).toBe(8);
  });

  it('give the charge back when the hash queue is full, so the refusal costs the account nothing', async () => {
    const { server } = startServer({ password: { maxConcurrentHashes: 1, maxQueuedHashes: 0 } });
    await registerUser(server, 'ada@example.com');
    const { hasher, throttle } = server.services;
    const before = hasher.stats.derivations;
    const errors = await Promise.all(
      ['a@example.com', 'b@example.com', 'c@example.com'].map((email) =>
        errorOf(server.caller().auth.login({ email, password: WRONG })),
      ),
    );
    expect(errors.map((error) => error.code)).toEqual(['INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(errors[1]).toMatchObject({ retryAfter: 1, reason: 'busy' });
    expect(hasher.stats.derivations - before).toBe(1);
    expect([throttle.failures('acct:a@example.com'), throttle.failures('acct:b@example.com')]).toEqual([1, 0]);
  });

  it('changing the password: 20 parallel wrong current passwords hash at most 5', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, 'ada@example.com');
    const { hasher } = server.services;
    const before = hasher.stats.derivations;
    const errors = await Promise.all(
      Array.from({ length: 20 }, () =>
        errorOf(
          as(server, tokens.accessToken).account.changePassword({
            currentPassword: WRONG,
            newPassword: 'another fine passphrase',
          }),
        ),
      ),
    );
    expect(hasher.stats.derivations - before).toBe(5);
    expect(errors.filter((error) => error.code === 'INVALID_PASSWORD')).toHaveLength(5);
    expect(errors.filter((error) => error.code === 'RATE_LIMITED')).toHaveLength(15);
  });
});
