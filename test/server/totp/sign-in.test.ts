// The second factor at sign-in: the challenge and its rules, inline codes, amr/aal, replay and
// older-step rejection that survive a restart, and gating that ignores the first factor's kind.
import { describe, expect, it } from 'vitest';
import { completeSignIn } from '../../../main/server/sessions/sign-in.ts';
import { findUserByEmail } from '../../../main/server/accounts/users.ts';
import { as, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import {
  auditTypes,
  codeAt,
  enrollTotp,
  expectChallenge,
  expectSignedIn,
  jwtClaims,
  login,
  STEP_MS,
  wrongCode,
  startWithTotp,
} from '../../helpers/totp.ts';

const enrolledServer = (options: { file?: boolean } = {}) => startWithTotp({}, options);

describe('second factor at sign-in', () => {
  it('answers a password sign-in with a challenge, then opens an aal 2 session for a code', async () => {
    const { server, secret } = await enrolledServer();
    const result = await login(server);
    expect(result).toEqual({
      requires2fa: true,
      challenge: { token: expect.any(String), expiresIn: 300, methods: ['totp', 'recovery_code'] },
    });
    expect(result).not.toHaveProperty('tokens');
    const { token } = expectChallenge(result);
    const done = await server.caller().auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret, 1),
    });
    expect(done.session).toMatchObject({ amr: ['pwd', 'totp', 'mfa'], aal: 2 });
    expect(jwtClaims(done.tokens.accessToken).amr).toEqual(['pwd', 'totp', 'mfa']);
    expect(done.user).toMatchObject({ totpEnabled: true, recoveryCodesRemaining: 10 });
    expect((await as(server, done.tokens.accessToken).account.me()).totpEnabled).toBe(true);
    // The sign-in succeeds, in the log too, only once the second factor has.
    expect(auditTypes(server).slice(-5)).toEqual([
      'first_factor_succeeded',
      'second_factor_required',
      'second_factor_verified',
      'login_succeeded',
      'session_created',
    ]);
    // The challenge token is stored only as a digest.
    const stored = server.services.db.prepare('SELECT token_hash FROM second_factor_challenges').all();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('signs in at once with an inline totpCode, and refuses a wrong one', async () => {
    const { server, secret } = await enrolledServer();
    const wrong = await errorOf(login(server, undefined, { totpCode: await wrongCode(server, secret) }));
    expect(wrong.code).toBe('TOTP_INVALID');
    const result = expectSignedIn(await login(server, undefined, { totpCode: await codeAt(server, secret, 1) }));
    expect(result.session).toMatchObject({ amr: ['pwd', 'totp', 'mfa'], aal: 2 });
    expect(jwtClaims(result.tokens.accessToken).amr).toEqual(['pwd', 'totp', 'mfa']);
  });

  it('ignores an inline totpCode for an account without TOTP', async () => {
    const { server } = startServer();
    await registerUser(server);
    const result = expectSignedIn(await login(server, undefined, { totpCode: '123456' }));
    expect(result.session).toMatchObject({ amr: ['pwd'], aal: 1 });
  });

  it('uses a challenge once', async () => {
    const { server, secret } = await enrolledServer();
    const { token } = expectChallenge(await login(server));
    await server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret, 1) });
    const again = await errorOf(
      server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret, 1) }),
    );
    expect(again).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_invalid' });
  });

  it('expires a challenge after 300 s on the server clock', async () => {
    const { server, clock, secret } = await enrolledServer();
    const { token } = expectChallenge(await login(server));
    clock.advance(300_000);
    const expired = await errorOf(
      server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret) }),
    );
    expect(expired).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_expired' });

    const { token: fresh } = expectChallenge(await login(server));
    clock.advance(299_000);
    expectSignedIn(
      await server.caller().auth.verifySecondFactor({ challengeToken: fresh, code: await codeAt(server, secret) }),
    );
  });

  it('binds a challenge to its device and its user', async () => {
    const { server, secret } = await enrolledServer();
    const { token } = expectChallenge(await login(server, undefined, { device: { id: 'laptop-1' } }));
    const code = await codeAt(server, secret, 1);
    const fromBody = await errorOf(
      server.caller().auth.verifySecondFactor({ challengeToken: token, code, device: { id: 'phone-9' } }),
    );
    expect(fromBody).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_invalid' });
    const fromHeader = await errorOf(
      server
        .caller({ transport: 'http', device: { id: 'phone-9' } })
        .auth.verifySecondFactor({ challengeToken: token, code }),
    );
    expect(fromHeader.code).toBe('UNAUTHORIZED');
    expect(auditTypes(server, 'second_factor_device_mismatch')).toHaveLength(2);

    // Another user's valid code does not answer this user's challenge.
    const { tokens: other } = await registerUser(server, 'grace@example.com');
    const grace = await enrollTotp(server, other.accessToken);
    const foreign = await errorOf(
      server.caller().auth.verifySecondFactor({
        challengeToken: token,
        code: await codeAt(server, grace.secret, 1),
        device: { id: 'laptop-1' },
      }),
    );
    expect(foreign.code).toBe('TOTP_INVALID');

    const done = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: token, code, device: { id: 'laptop-1' } });
    expect(done.device.id).toBe('laptop-1');
    expect(done.user.email).toBe('ada@example.com');
  });

  it('rejects extra fields (no client time), and needs exactly one of code and recoveryCode', async () => {
    const { server } = await enrolledServer();
    const { token } = expectChallenge(await login(server));
    const verify = server.caller().auth.verifySecondFactor as (input: unknown) => Promise<unknown>;
    const withEpoch = await errorOf(verify({ challengeToken: token, code: '123456', epoch: 1 }));
    expect(withEpoch).toMatchObject({ code: 'VALIDATION_ERROR', details: { epoch: expect.any(String) } });
    expect((await errorOf(verify({ challengeToken: token }))).code).toBe('VALIDATION_ERROR');
    const both = await errorOf(verify({ challengeToken: token, code: '123456', recoveryCode: 'ABCDE-FGHJK' }));
    expect(both.code).toBe('VALIDATION_ERROR');
    expect((await errorOf(verify({ challengeToken: token, code: '12345' }))).code).toBe('VALIDATION_ERROR');
  });

  it('accepts each step once and never an older one, also after a restart (R19)', async () => {
    const { server, clock, secret, restart } = await enrolledServer({ file: true });
    const test = { server };
    const verify = async (steps: number) => {
      const { token } = expectChallenge(await login(test.server));
      const code = await codeAt(test.server, secret, steps);
      return test.server.caller().auth.verifySecondFactor({ challengeToken: token, code });
    };
    // The confirming code's step is used up already.
    expect((await errorOf(verify(0))).code).toBe('TOTP_INVALID');
    expect(auditTypes(server, 'totp_replay')).toHaveLength(1);
    expectSignedIn(await verify(1));
    expect((await errorOf(verify(1))).code).toBe('TOTP_INVALID');
    expect((await errorOf(verify(0))).code).toBe('TOTP_INVALID');
    expect(auditTypes(server, 'totp_replay')).toHaveLength(3);

    test.server = await restart();
    expect((await errorOf(verify(1))).code).toBe('TOTP_INVALID');
    clock.advance(STEP_MS);
    expect((await errorOf(verify(0))).code).toBe('TOTP_INVALID'); // the step accepted before the restart
    expectSignedIn(await verify(1));
    expect(
      test.server.services.db.prepare("SELECT last_accepted_step FROM totp_factors WHERE state = 'active'").get(),
    ).toEqual({ last_accepted_step: Math.floor(clock.now() / STEP_MS) + 1 });
  });

  it('gates any first factor, whatever its amr (email code sign-in goes through here too)', async () => {
    const { server, secret } = await enrolledServer();
    const user = findUserByEmail(server.services.db, 'ada@example.com')!;
    const request = { transport: 'internal' as const, locale: 'en' as const };
    const result = await completeSignIn(server.services, { user, sighting: {}, amr: ['otp'], request });
    const { token } = expectChallenge(result);
    const done = await server.caller().auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret, 1),
    });
    expect(done.session).toMatchObject({ amr: ['otp', 'totp', 'mfa'], aal: 2 });
  });
});
