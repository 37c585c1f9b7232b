// One failure counter per user for TOTP and recovery codes, shared by every transport and entry
// point, locking second-factor entry for 15 minutes after 5 failures, durably (R20).
import { describe, expect, it } from 'vitest';
import { as, errorOf } from '../../helpers/server.ts';
import {
  auditTypes,
  codeAt,
  expectChallenge,
  expectSignedIn,
  login,
  wrongCode,
  startWithTotp,
} from '../../helpers/totp.ts';

describe('second-factor lockout', () => {
  it('locks after 5 failures across TOTP and recovery codes, IPC and HTTP, and survives a restart', async () => {
    const test = await startWithTotp({}, { file: true });
    const { user, secret } = test;
    const { token } = expectChallenge(await login(test.server));
    const http = test.server.caller({ transport: 'http', ipAddress: '203.0.113.7' });
    const ipc = test.server.caller({ transport: 'ipc' });
    const bad = await wrongCode(test.server, secret);

    for (let i = 0; i < 3; i++) {
      expect((await errorOf(http.auth.verifySecondFactor({ challengeToken: token, code: bad }))).code).toBe(
        'TOTP_INVALID',
      );
    }
    const wrongRecovery = await errorOf(
      ipc.auth.verifySecondFactor({ challengeToken: token, recoveryCode: 'AAAAA-AAAAA' }),
    );
    expect(wrongRecovery).toMatchObject({ code: 'TOTP_INVALID', reason: 'recovery_code_invalid' });
    // The inline code on auth.login counts against the same budget.
    expect((await errorOf(login(test.server, undefined, { totpCode: bad }))).code).toBe('TOTP_INVALID');

    const good = await codeAt(test.server, secret, 1);
    const locked = await errorOf(ipc.auth.verifySecondFactor({ challengeToken: token, code: good }));
    expect(locked).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 900 });
    expect((await errorOf(login(test.server, undefined, { totpCode: good }))).code).toBe('RATE_LIMITED');
    expect(auditTypes(test.server, 'second_factor_failed')).toHaveLength(5);
    expect(auditTypes(test.server, 'second_factor_locked')).toHaveLength(1);
    const row = () =>
      test.server.services.db.prepare('SELECT failures FROM throttles WHERE key = ?').get(`2fa:${user.id}`);
    expect(row()).toEqual({ failures: 5 });

    const restarted = await test.restart();
    // The failures also count on the account's shared counter (R42): password sign-in waits 30 s.
    expect(await errorOf(login(restarted))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    test.clock.advance(30_000);
    const { token: after } = expectChallenge(await login(restarted));
    const stillLocked = await errorOf(
      restarted.caller().auth.verifySecondFactor({ challengeToken: after, code: await codeAt(restarted, secret, 1) }),
    );
    expect(stillLocked).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 870 });

    test.clock.advance(870_000);
    const { token: later } = expectChallenge(await login(restarted));
    const fresh = await codeAt(restarted, secret);
    expectSignedIn(await restarted.caller().auth.verifySecondFactor({ challengeToken: later, code: fresh }));
    expect(row()).toBeUndefined();
  });

  it('evaluates at most 5 of 50 parallel wrong codes; the rest are refused unchecked', async () => {
    const { server, user, secret } = await startWithTotp();
    const { token } = expectChallenge(await login(server));
    const bad = await wrongCode(server, secret);
    const errors = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        errorOf(
          server
            .caller({ transport: i % 2 ? 'http' : 'ipc' })
            .auth.verifySecondFactor({ challengeToken: token, code: bad }),
        ),
      ),
    );
    expect(errors.filter((error) => error.code === 'TOTP_INVALID')).toHaveLength(5);
    const refused = errors.filter((error) => error.code === 'RATE_LIMITED');
    expect(refused).toHaveLength(45);
    for (const error of refused) expect(error.retryAfter).toBeGreaterThan(0);
    // Exactly the evaluated guesses were checked and counted.
    expect(auditTypes(server, 'second_factor_failed')).toHaveLength(5);
    const row = server.services.db
      .prepare('SELECT failures, locked_until FROM throttles WHERE key = ?')
      .get(`2fa:${user.id}`);
    expect(row).toEqual({ failures: 5, locked_until: server.services.clock.now() + 900_000 });
    // The right code is refused while the lock lasts.
    const good = await codeAt(server, secret, 1);
    expect(await errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, code: good }))).toMatchObject(
      { code: 'RATE_LIMITED', retryAfter: 900 },
    );
  });

  it('hashes at most 5 rounds of recovery codes for 50 parallel wrong ones', async () => {
    const { server, recoveryCodes } = await startWithTotp();
    const { token } = expectChallenge(await login(server));
    const before = server.services.hasher.stats.derivations;
    const errors = await Promise.all(
      Array.from({ length: 50 }, () =>
        errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, recoveryCode: 'AAAAA-AAAAA' })),
      ),
    );
    expect(errors.filter((error) => error.code === 'TOTP_INVALID')).toHaveLength(5);
    expect(errors.filter((error) => error.code === 'RATE_LIMITED')).toHaveLength(45);
    // Each evaluated guess is checked against the 10 unused codes; refused ones cost nothing.
    expect(server.services.hasher.stats.derivations - before).toBe(5 * recoveryCodes.length);
  });

  it('is cleared by an admin unlock', async () => {
    const { server, user, secret } = await startWithTotp();
    const { token } = expectChallenge(await login(server));
    const bad = await wrongCode(server, secret);
    for (let i = 0; i < 5; i++)
      await errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, code: bad }));
    const good = await codeAt(server, secret, 1);
    expect((await errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, code: good }))).code).toBe(
      'RATE_LIMITED',
    );
    await server.adminCaller().admin.users.unlock({ userId: user.id });
    expectSignedIn(await server.caller().auth.verifySecondFactor({ challengeToken: token, code: good }));
  });

  it('goes away with the account, with every TOTP row (R67)', async () => {
    const { server, tokens, user, secret } = await startWithTotp();
    const { token } = expectChallenge(await login(server));
    await errorOf(
      server.caller().auth.verifySecondFactor({ challengeToken: token, code: await wrongCode(server, secret) }),
    );
    await as(server, tokens.accessToken).account.delete();
    const { db } = server.services;
    for (const table of ['totp_factors', 'recovery_codes', 'second_factor_challenges']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(db.prepare('SELECT * FROM throttles WHERE key = ?').get(`2fa:${user.id}`)).toBeUndefined();
  });
});
