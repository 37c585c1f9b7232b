// Changing the email address over REST on a real server and a real SQLite file (docs/rest-api.md,
// docs/security.md R75): every path, the conflict, the notices and the report that locks.
import { describe, expect, it } from 'vitest';
import { startHttp, type Api } from '../helpers/http.ts';
import { lastCode, lastMail, MINUTE } from '../helpers/email.ts';
import { PASSWORD } from '../helpers/server.ts';
import { auditTypes } from '../helpers/totp.ts';

const OLD = 'ada@example.com';
const NEW = 'ada.new@example.com';
const BASE = 'https://auth.example.com/';

/** The report link in a notice: on the configured screens, the token in the fragment. */
function reportLinkIn(text: string): { link: string; token: string } {
  const match = /(https:\/\/auth\.example\.com\/#\/email-change-report\/([A-Za-z0-9_-]{43}))/.exec(text);
  if (!match) throw new Error(`no report link in: ${text}`);
  return { link: match[1]!, token: match[2]! };
}

const login = async (api: Api, email: string) => {
  const reply = await api.post('/v1/auth/login', { email, password: PASSWORD });
  return reply;
};

describe('REST email change', () => {
  it('request, confirm, notices with report links, and the change signs in at the new address', async () => {
    const { api, server } = await startHttp({ email: { linkBaseUrl: BASE } }, { file: true });
    const { tokens } = await api.register(OLD);
    const requested = await api.post('/v1/me/email', { newEmail: NEW }, tokens.accessToken);
    expect(requested.status).toBe(200);
    expect(requested.headers.get('cache-control')).toBe('no-store');
    expect(requested.body).toEqual({ success: true, data: { newEmail: NEW, expiresIn: 600, resendAfter: 60 } });
    const onRequest = lastMail(server, OLD)!;
    expect(onRequest.subject).toBe('A change of your email address was asked for');
    reportLinkIn(onRequest.text);

    const code = lastCode(server, NEW);
    const wrong = await api.post(
      '/v1/me/email/confirm',
      { code: code === '000000' ? '111111' : '000000' },
      tokens.accessToken,
    );
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const confirmed = await api.post('/v1/me/email/confirm', { code }, tokens.accessToken);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toEqual({ email: NEW, emailVerified: true });
    const again = await api.post('/v1/me/email/confirm', { code }, tokens.accessToken);
    expect([again.status, again.body.error.code]).toEqual([400, 'CODE_INVALID']);

    const onChange = lastMail(server, OLD)!;
    expect(onChange.subject).toBe('Your email address was changed');
    expect(onChange.text).toContain(NEW);
    expect(reportLinkIn(onChange.text).token).not.toBe(reportLinkIn(onRequest.text).token);
    expect((await api.get('/v1/me', tokens.accessToken)).body.data).toMatchObject({ email: NEW, emailVerified: true });
    expect((await login(api, NEW)).status).toBe(200);
    expect((await login(api, OLD)).body.error.code).toBe('INVALID_CREDENTIALS');
    expect(auditTypes(server)).toEqual(expect.arrayContaining(['email_change_requested', 'email_changed']));
  });

  it('validation, authentication and a recent sign-in are required', async () => {
    const { api, clock } = await startHttp();
    const { tokens } = await api.register(OLD);
    expect((await api.post('/v1/me/email', { newEmail: NEW })).status).toBe(401);
    expect((await api.post('/v1/me/email/confirm', { code: '123456' })).status).toBe(401);
    const same = await api.post('/v1/me/email', { newEmail: 'Ada@Example.com' }, tokens.accessToken);
    expect([same.status, same.body.error.code, Object.keys(same.body.error.details)]).toEqual([
      422,
      'VALIDATION_ERROR',
      ['newEmail'],
    ]);
    const extra = await api.post('/v1/me/email', { newEmail: NEW, role: 'admin' }, tokens.accessToken);
    expect([extra.status, extra.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);

    clock.advance(5 * MINUTE + 1000);
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    const stale = await api.post('/v1/me/email', { newEmail: NEW }, refreshed.body.data.tokens.accessToken);
    expect([stale.status, stale.body.error.code]).toEqual([403, 'REAUTH_REQUIRED']);
    // A fresh sign-in may.
    const fresh = (await login(api, OLD)).body.data;
    expect((await api.post('/v1/me/email', { newEmail: NEW }, fresh.tokens.accessToken)).status).toBe(200);
  });

  it('answers 409 CONFLICT when the address is taken between request and confirm', async () => {
    const { api, server } = await startHttp({}, { file: true });
    const { tokens } = await api.register(OLD);
    expect((await api.post('/v1/me/email', { newEmail: NEW }, tokens.accessToken)).status).toBe(200);
    const code = lastCode(server, NEW);
    await api.register(NEW);
    const conflict = await api.post('/v1/me/email/confirm', { code }, tokens.accessToken);
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'CONFLICT']);
    expect((await api.get('/v1/me', tokens.accessToken)).body.data.email).toBe(OLD);
  });

  it('a taken address gets the same answer as a free one, and a note instead of a code', async () => {
    const { api, server } = await startHttp();
    const ada = await api.register(OLD);
    const eve = await api.register('eve@example.com');
    await api.register('bob@example.com');
    const free = await api.post('/v1/me/email', { newEmail: 'amy@example.com' }, eve.tokens.accessToken);
    const taken = await api.post('/v1/me/email', { newEmail: 'bob@example.com' }, ada.tokens.accessToken);
    const strip = (reply: typeof free, email: string) => ({
      status: reply.status,
      body: JSON.stringify(reply.body).replaceAll(email, 'EMAIL'),
    });
    expect(strip(taken, 'bob@example.com')).toEqual(strip(free, 'amy@example.com'));
    expect(lastMail(server, 'bob@example.com')).toMatchObject({
      subject: 'Someone tried to use this address',
      code: null,
    });
  });

  it('the report locks the account: sessions end, tokens are refused, sign-in is locked until an admin unlocks', async () => {
    const { api, server } = await startHttp({ email: { linkBaseUrl: BASE } }, { file: true });
    const { tokens, user } = await api.register(OLD);
    const other = (await login(api, OLD)).body.data;
    await api.post('/v1/me/email', { newEmail: NEW }, tokens.accessToken);
    await api.post('/v1/me/email/confirm', { code: lastCode(server, NEW) }, tokens.accessToken);
    const { token } = reportLinkIn(lastMail(server, OLD)!.text);

    const bad = await api.post('/v1/auth/email-change/report', { token: 'A'.repeat(43) });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const reported = await api.post('/v1/auth/email-change/report', { token });
    expect(reported.status).toBe(200);
    expect(reported.body).toEqual({ success: true, data: { locked: true } });
    const replay = await api.post('/v1/auth/email-change/report', { token });
    expect([replay.status, replay.body.error.code]).toEqual([400, 'CODE_INVALID']);

    for (const access of [tokens.accessToken, other.tokens.accessToken])
      expect((await api.get('/v1/me', access)).status).toBe(401);
    for (const refreshToken of [tokens.refreshToken, other.tokens.refreshToken])
      expect((await api.post('/v1/auth/refresh', { refreshToken })).status).toBe(401);
    const live = server.services.db
      .prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL')
      .get(user.id) as { n: number };
    expect(live.n).toBe(0);
    const locked = await login(api, NEW);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    const byCode = await api.post('/v1/auth/email-code', { email: NEW });
    expect([byCode.status, byCode.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(auditTypes(server)).toContain('email_change_reported');

    await server.adminCaller().admin.users.unlock({ userId: user.id });
    expect((await login(api, NEW)).status).toBe(200);
  });
});
