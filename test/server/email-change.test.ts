// Changing the email address in process (docs/security.md R75): the code to the new address is
// stored hashed, works once, expires on the injected clock and dies after its wrong answers; a new
// request voids the pending one; a taken address is not revealed; the report link locks the account.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { lastCode, lastMail, wrongCode, MINUTE, SECOND } from '../helpers/email.ts';
import { auditTypes } from '../helpers/totp.ts';
import { HELD_UNTIL } from '../../main/server/security/throttle.ts';

const NEW = 'ada.new@example.com';

/** The report token in the newest notice to `email`. */
function reportToken(text: string): string {
  const token = /([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!token) throw new Error('no report token in the notice');
  return token;
}

describe('email change', () => {
  it('mails a code to the new address and a notice to the old; the right code changes it once', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    expect(await caller.account.requestEmailChange({ newEmail: ` ${NEW} ` })).toEqual({
      newEmail: NEW,
      expiresIn: 600,
      resendAfter: 60,
    });
    const code = lastCode(server, NEW);
    expect(lastMail(server, NEW)).toMatchObject({
      purpose: 'change_email',
      subject: 'Confirm your new email for Latchkey',
    });
    const notice = lastMail(server, 'ada@example.com')!;
    expect(notice.subject).toBe('A change of your email address was asked for');
    expect(notice.text).toContain(NEW);
    expect(notice.code).toBeNull();

    expect(await caller.account.confirmEmailChange({ code })).toEqual({ email: NEW, emailVerified: true });
    expect(await caller.account.me()).toMatchObject({ email: NEW, emailVerified: true });
    const changed = lastMail(server, 'ada@example.com')!;
    expect(changed.subject).toBe('Your email address was changed');
    expect(changed.text).toContain(NEW);
    reportToken(changed.text);
    // Single use: the same code again is refused.
    expect((await errorOf(caller.account.confirmEmailChange({ code }))).code).toBe('CODE_INVALID');
    // The new address signs in; the old one does not.
    await server.caller().auth.login({ email: NEW, password: PASSWORD });
    expect((await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(auditTypes(server).filter((type) => type.startsWith('email_change'))).toEqual(
      expect.arrayContaining(['email_change_requested']),
    );
    expect(auditTypes(server)).toContain('email_changed');
  });

  it('needs a recent sign-in, a different address and mail', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    const same = await errorOf(caller.account.requestEmailChange({ newEmail: 'ADA@example.com' }));
    expect(same.code).toBe('VALIDATION_ERROR');
    expect(same.details).toEqual({ newEmail: 'This is already your email address.' });
    expect((await errorOf(caller.account.requestEmailChange({ newEmail: 'not an email' }))).code).toBe(
      'VALIDATION_ERROR',
    );
    clock.advance(6 * MINUTE);
    const { tokens: later } = await server
      .caller()
      .auth.refresh({ refreshToken: tokens.refreshToken })
      .then((r) => r);
    const stale = as(server, later.accessToken);
    expect((await errorOf(stale.account.requestEmailChange({ newEmail: NEW }))).code).toBe('REAUTH_REQUIRED');
    expect(server.services.mail!.outbox({ email: NEW })).toHaveLength(0);

    const { server: mailless } = startServer({ email: { transport: 'none' } });
    const fresh = await registerUser(mailless);
    expect(
      (await errorOf(as(mailless, fresh.tokens.accessToken).account.requestEmailChange({ newEmail: NEW }))).code,
    ).toBe('EMAIL_NOT_CONFIGURED');
  });

  it('the code expires on the injected clock and a new request voids the old code', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    await caller.account.requestEmailChange({ newEmail: NEW });
    const first = lastCode(server, NEW);
    clock.advance(10 * MINUTE);
    expect((await errorOf(caller.account.confirmEmailChange({ code: first }))).code).toBe('CODE_INVALID');

    const relogin = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    if (relogin.requires2fa) throw new Error('no 2fa');
    const again = as(server, relogin.tokens.accessToken);
    await again.account.requestEmailChange({ newEmail: NEW });
    const second = lastCode(server, NEW);
    await again.account.requestEmailChange({ newEmail: 'ada.other@example.com' });
    const third = lastCode(server, 'ada.other@example.com');
    // The earlier code (and address) is void: only the newest pending change counts.
    if (second !== third)
      expect((await errorOf(again.account.confirmEmailChange({ code: second }))).code).toBe('CODE_INVALID');
    clock.advance(9 * MINUTE + 59 * SECOND);
    // Any live session of the user may confirm (this one's access token is fresh).
    const latest = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    if (latest.requires2fa) throw new Error('no 2fa');
    expect(await as(server, latest.tokens.accessToken).account.confirmEmailChange({ code: third })).toEqual({
      email: 'ada.other@example.com',
      emailVerified: true,
    });
  });

  it('a code survives 4 wrong answers, dies at the 5th, and the budget outlives a new code', async () => {
    const { server, clock } = startServer({ email: { failureBudget: 7 } });
    const { tokens } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    await caller.account.requestEmailChange({ newEmail: NEW });
    const code = lastCode(server, NEW);
    for (let i = 0; i < 4; i++)
      expect((await errorOf(caller.account.confirmEmailChange({ code: wrongCode(code) }))).code).toBe('CODE_INVALID');
    const fifth = await errorOf(caller.account.confirmEmailChange({ code: wrongCode(code) }));
    expect(fifth.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await errorOf(caller.account.confirmEmailChange({ code }))).code).toBe('TOO_MANY_ATTEMPTS');

    clock.advance(61 * SECOND);
    await caller.account.requestEmailChange({ newEmail: NEW });
    const fresh = lastCode(server, NEW);
    // 6 failures so far; the 7th locks the user's change for a while, whatever the code.
    expect((await errorOf(caller.account.confirmEmailChange({ code: wrongCode(fresh) }))).code).toBe('CODE_INVALID');
    const locked = await errorOf(caller.account.confirmEmailChange({ code: fresh }));
    expect(locked).toMatchObject({ code: 'RATE_LIMITED', reason: 'locked' });
    expect(auditTypes(server, 'email_change_failed')).toHaveLength(7);
  });

  it('keeps the code only as an HMAC: no 6-digit code in the database or its -wal', async () => {
    const { server } = startServer({}, { file: true });
    const { tokens } = await registerUser(server);
    await as(server, tokens.accessToken).account.requestEmailChange({ newEmail: NEW });
    const code = lastCode(server, NEW);
    const row = server.services.db.prepare('SELECT code_hash FROM email_changes').get() as { code_hash: Buffer };
    expect(row.code_hash).toHaveLength(32);
    const file = server.services.db.name;
    for (const path of [file, `${file}-wal`].filter(existsSync)) {
      const bytes = readFileSync(path);
      expect(bytes.includes(Buffer.from(code))).toBe(false);
    }
    // The report token, too, is only a hash.
    const token = reportToken(lastMail(server, 'ada@example.com')!.text);
    for (const path of [file, `${file}-wal`].filter(existsSync))
      expect(readFileSync(path).includes(Buffer.from(token))).toBe(false);
  });

  it('a taken address answers the same, gets a note instead of a code, and can never be confirmed', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    await registerUser(server, 'bob@example.com');
    const caller = as(server, tokens.accessToken);
    const answer = await caller.account.requestEmailChange({ newEmail: 'bob@example.com' });
    expect(answer).toEqual({ newEmail: 'bob@example.com', expiresIn: 600, resendAfter: 60 });
    const note = lastMail(server, 'bob@example.com')!;
    expect(note).toMatchObject({ subject: 'Someone tried to use this address', code: null });
    expect(note.text).not.toContain('ada@example.com');
    for (const code of ['000000', '123456'])
      expect((await errorOf(caller.account.confirmEmailChange({ code }))).code).toBe('CODE_INVALID');
  });

  it('answers CONFLICT when the address was taken between request and confirm', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    await caller.account.requestEmailChange({ newEmail: NEW });
    const code = lastCode(server, NEW);
    await registerUser(server, NEW.toUpperCase());
    expect((await errorOf(caller.account.confirmEmailChange({ code }))).code).toBe('CONFLICT');
    expect(await caller.account.me()).toMatchObject({ email: 'ada@example.com' });
    expect(auditTypes(server)).toContain('email_change_conflict');
  });

  it('the report link locks the account until an admin unlocks it', async () => {
    const { server } = startServer();
    const { tokens, user } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    await caller.account.requestEmailChange({ newEmail: NEW });
    await caller.account.confirmEmailChange({ code: lastCode(server, NEW) });
    const token = reportToken(lastMail(server, 'ada@example.com')!.text);

    expect(await server.caller().auth.reportEmailChange({ token })).toEqual({ locked: true });
    expect((await errorOf(caller.account.me())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: tokens.refreshToken }))).code).not.toBe(
      undefined,
    );
    // The wait is the longest ordinary lock's, not an endless one that would single the account out.
    expect(await errorOf(server.caller().auth.login({ email: NEW, password: PASSWORD }))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: server.services.config.lockout.maxDelaySeconds,
    });
    expect((await errorOf(server.caller().auth.requestEmailCode({ email: NEW }))).code).toBe('RATE_LIMITED');
    // Nothing the failed attempts count shortens the lock.
    const rows = server.services.db.prepare("SELECT locked_until FROM throttles WHERE key LIKE 'acct:%'").all();
    expect(rows).toEqual([{ locked_until: HELD_UNTIL }]);
    // Single use.
    expect((await errorOf(server.caller().auth.reportEmailChange({ token }))).code).toBe('CODE_INVALID');
    expect(auditTypes(server)).toContain('email_change_reported');

    await server.adminCaller().admin.users.unlock({ userId: user.id });
    await server.caller().auth.login({ email: NEW, password: PASSWORD });
  });

  it('a held lock outlasts failures counted on it, refunds and successes; only an admin unlock lifts it', () => {
    const { server, clock } = startServer();
    const { throttle } = server.services;
    throttle.hold(['acct:x@example.com']);
    const rule = { key: 'acct:x@example.com', threshold: 1, gates: false };
    for (let i = 0; i < 3; i++) throttle.recordFailure([rule]);
    const charged = throttle.charge([rule]);
    if (!('charge' in charged)) throw new Error('a non-gating rule is charged');
    throttle.refund(charged.charge);
    clock.advance(365 * 24 * 60 * MINUTE);
    expect(throttle.retryAfter(['acct:x@example.com'])).toBe(server.services.config.lockout.maxDelaySeconds);
    expect(server.purge().throttles).toBe(0);
    // A success elsewhere ends failure streaks, never a hold.
    throttle.clearFailures(['acct:x@example.com']);
    expect(throttle.isHeld('acct:x@example.com')).toBe(true);
    throttle.unlock(['acct:x@example.com']);
    expect(throttle.retryAfter(['acct:x@example.com'])).toBe(0);
  });

  it('a report token expires after email.reportTtlDays on the injected clock', async () => {
    const { server, clock } = startServer({ email: { reportTtlDays: 1 } });
    const { tokens } = await registerUser(server);
    await as(server, tokens.accessToken).account.requestEmailChange({ newEmail: NEW });
    const token = reportToken(lastMail(server, 'ada@example.com')!.text);
    clock.advance(24 * 60 * MINUTE);
    expect((await errorOf(server.caller().auth.reportEmailChange({ token }))).code).toBe('CODE_INVALID');
    await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    // Retention forgets the expired pending change and report token.
    expect(server.purge().emailChanges).toBe(2);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM email_change_reports').get()).toEqual({ n: 0 });
  });
});
