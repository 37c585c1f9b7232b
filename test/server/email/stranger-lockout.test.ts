// Someone who knows only an address must not be able to lock its owner out (docs/security.md R44).
// An answer when no live code exists guesses nothing: it is logged by source and never counted on
// the email's budget or the account's counter. And a password reset spends a hash only on a right
// code, so wrong codes cannot flood the hasher every sign-in shares (R8).
import { describe, expect, it } from 'vitest';
import { SECOND, lastCode, wrongCode } from '../../helpers/email.ts';
import { PASSWORD, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import type { AuthServer } from '../../../main/server/server.ts';

const EMAIL = 'ada@example.com';
const NO_CAPTCHA = { email: { captcha: { policy: 'never' as const } } };
const stranger = (server: AuthServer) => server.caller({ transport: 'http', ipAddress: '203.0.113.66' });
const owner = (server: AuthServer) => server.caller({ transport: 'http', ipAddress: '198.51.100.7' });
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { errorCode?: string }) => error.errorCode ?? 'thrown',
  );
const failureRows = (server: AuthServer) =>
  server.services.db.prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'email_code_failed'").get();

describe('answers with no live code to guess', () => {
  it('lock neither the email nor the account: every way in stays open', async () => {
    const { server, clock } = startServer();
    await registerUser(server, EMAIL);
    for (let i = 0; i < 12; i++)
      expect((await errorOf(stranger(server).auth.verifyEmailCode({ email: EMAIL, code: `${100000 + i}` }))).code).toBe(
        'CODE_INVALID',
      );
    expect(failureRows(server)).toEqual({ n: 12 }); // still logged, by source
    expect(await outcome(owner(server).auth.login({ email: EMAIL, password: PASSWORD }))).toBe('ok');
    expect(await outcome(owner(server).auth.requestEmailCode({ email: EMAIL }))).toBe('ok');
    clock.advance(61 * SECOND); // codes and resets share one resend cooldown
    expect(await outcome(owner(server).auth.requestPasswordReset({ email: EMAIL }))).toBe('ok');
  });

  it('count no more once a code is used up: only its own wrong answers do', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    await registerUser(server, EMAIL);
    await stranger(server).auth.requestEmailCode({ email: EMAIL });
    const code = lastCode(server, EMAIL);
    const answers = [];
    for (let i = 0; i < 15; i++)
      answers.push(
        (await errorOf(stranger(server).auth.verifyEmailCode({ email: EMAIL, code: wrongCode(code) }))).code,
      );
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('CODE_INVALID'));
    expect(answers.slice(4)).toEqual(Array(11).fill('TOO_MANY_ATTEMPTS'));
    clock.advance(61 * SECOND); // past the resend cooldown: the email's budget (10) was not reached
    expect(await outcome(owner(server).auth.requestEmailCode({ email: EMAIL }))).toBe('ok');
    await owner(server).auth.verifyEmailCode({ email: EMAIL, code: lastCode(server, EMAIL) });
  });
});

describe('a password reset with a wrong code', () => {
  const confirm = (server: AuthServer, code: string, newPassword = 'a fresh long passphrase') =>
    stranger(server).auth.confirmPasswordReset({ email: EMAIL, code, newPassword });

  it('spends no hash, with or without a live code', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await registerUser(server, EMAIL);
    const before = server.services.hasher.stats.derivations;
    for (let i = 0; i < 20; i++) expect((await errorOf(confirm(server, `${100000 + i}`))).code).toBe('CODE_INVALID');
    await owner(server).auth.requestPasswordReset({ email: EMAIL });
    const code = lastCode(server, EMAIL);
    expect((await errorOf(confirm(server, wrongCode(code)))).code).toBe('CODE_INVALID');
    expect(server.services.hasher.stats.derivations).toBe(before);
    const result = await confirm(server, code);
    expect(result.requires2fa).toBe(false);
    expect(server.services.hasher.stats.derivations).toBe(before + 1);
  });

  it('a password the policy refuses leaves the right code usable, and hashes nothing', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await registerUser(server, EMAIL);
    await owner(server).auth.requestPasswordReset({ email: EMAIL });
    const code = lastCode(server, EMAIL);
    const before = server.services.hasher.stats.derivations;
    expect((await errorOf(confirm(server, code, 'short'))).code).toBe('VALIDATION_ERROR');
    expect(server.services.hasher.stats.derivations).toBe(before);
    expect((await confirm(server, code)).requires2fa).toBe(false);
  });
});
