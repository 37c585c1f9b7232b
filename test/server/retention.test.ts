// Retention (docs/security.md R68): with the clock moved past each retention period, the purge deletes
// spent refresh tokens, ended sessions, old audit events, stale counters and the email-code
// feature's leftovers, and keeps everything still live — the audit chain verifying from its anchor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { ManualClock } from '../../main/server/clock.ts';
import { sha256 } from '../../main/server/crypto/random.ts';
import { FAST_PASSWORDS, PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { HOUR } from '../helpers/email.ts';
import { startWithTotp, expectChallenge, login } from '../helpers/totp.ts';

const DAY = 24 * HOUR;
// Sessions that outlive the test's months, so that only retention decides what goes.
const LONG_SESSIONS = { tokens: { sessionIdleTtl: 120 * 86_400, sessionAbsoluteTtl: 365 * 86_400 } };

const count = (server: AuthServer, table: string, where = '1') =>
  (server.services.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
const hasToken = (server: AuthServer, token: string) =>
  server.services.db.prepare('SELECT 1 FROM refresh_tokens WHERE token_hash = ?').get(sha256(token)) !== undefined;

describe('retention purge', () => {
  it('after 31 days: spent tokens, ended sessions, stale counters and mail go; live rows stay', async () => {
    const { server, clock } = startServer(LONG_SESSIONS);
    const ada = await registerUser(server, 'ada@example.com', { id: 'kiosk-1' });
    const r1 = await server.caller().auth.refresh({ refreshToken: ada.tokens.refreshToken });
    const r2 = await server.caller().auth.refresh({ refreshToken: r1.tokens.refreshToken });
    const ended = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    if (ended.requires2fa) throw new Error('no 2fa');
    await as(server, ended.tokens.accessToken).auth.logout();
    await errorOf(server.caller().auth.login({ email: 'bob@example.com', password: 'no such account' }));
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const before = count(server, 'audit_events');

    expect(server.purge()).toMatchObject({ sessions: 0, refreshTokens: 0, auditEvents: 0, throttles: 0 });
    clock.advance(31 * DAY);
    // Still in use a month later: the first session refreshes again.
    const r3 = await server.caller().auth.refresh({ refreshToken: r2.tokens.refreshToken });
    const report = server.purge();

    expect(report).toEqual({
      sessions: 1, // the signed-out one, with its token
      refreshTokens: 2, // the first session's two tokens used a month ago
      auditEvents: 0,
      throttles: 1,
      emailCodes: 1,
      magicLinks: 0,
      emailCodeEvents: 1,
      outbox: 2, // the code mail, and the notice of the second sign-in's new device
      captchas: 0,
      secondFactorChallenges: 0,
      emailChanges: 0,
      deviceCodes: 0,
    });
    expect(count(server, 'sessions')).toBe(1);
    expect(count(server, 'sessions', `id = '${ended.session.id}'`)).toBe(0);
    expect([ada.tokens.refreshToken, r1.tokens.refreshToken].map((t) => hasToken(server, t))).toEqual([false, false]);
    // The token used just now stays (a replay is still caught), and the live one works.
    expect(hasToken(server, r2.tokens.refreshToken)).toBe(true);
    expect(count(server, 'throttles')).toBe(0);
    expect(count(server, 'audit_events')).toBe(before);
    const r4 = await server.caller().auth.refresh({ refreshToken: r3.tokens.refreshToken });
    expect(r4.session.id).toBe(ada.session.id);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: r2.tokens.refreshToken }))).code).toBe(
      'REFRESH_TOKEN_REUSED',
    );
  });

  it('keeps a lock until it ends, however old the streak', async () => {
    const { server, clock } = startServer({ lockout: { threshold: 1, baseDelaySeconds: 3600, maxDelaySeconds: 3600 } });
    await errorOf(server.caller().auth.login({ email: 'bob@example.com', password: 'no such account' }));
    clock.advance(DAY + HOUR / 2);
    await errorOf(server.caller().auth.login({ email: 'bob@example.com', password: 'no such account' }));
    expect(server.purge().throttles).toBe(0);
    clock.advance(HOUR);
    expect(server.purge().throttles).toBe(0); // the streak is an hour old: a day must pass
    clock.advance(DAY);
    expect(server.purge().throttles).toBe(1);
  });

  it('prunes audit events past auditDays from the oldest, and the chain verifies from its anchor', async () => {
    const { server, clock } = startServer({ ...LONG_SESSIONS, retention: { auditDays: 90 } });
    const ada = await registerUser(server);
    const old = count(server, 'audit_events');
    clock.advance(60 * DAY);
    await registerUser(server, 'bob@example.com');
    const recent = count(server, 'audit_events') - old;
    clock.advance(31 * DAY);
    expect(server.purge().auditEvents).toBe(old);
    expect(count(server, 'audit_events')).toBe(recent);
    expect(await server.adminCaller().admin.audit.verify()).toEqual({
      ok: true,
      checked: recent,
      headId: old + recent,
      prunedThrough: old,
    });
    // The chain goes on from there, and breaks as before when edited.
    await errorOf(server.caller().auth.login({ email: ada.user.email, password: 'not it' }));
    expect(await server.adminCaller().admin.audit.verify()).toMatchObject({ ok: true, checked: recent + 1 });
    server.services.db.prepare('UPDATE audit_events SET at = at + 1 WHERE id = ?').run(old + 1);
    expect(await server.adminCaller().admin.audit.verify()).toMatchObject({ ok: false, firstBadId: old + 1 });
    // Every row gone: the next one still links to the anchor.
    server.services.db.prepare('UPDATE audit_events SET at = at - 1 WHERE id = ?').run(old + 1);
    clock.advance(91 * DAY);
    server.purge();
    expect(count(server, 'audit_events')).toBe(0);
    await errorOf(server.caller().auth.login({ email: ada.user.email, password: 'not it' }));
    expect(await server.adminCaller().admin.audit.verify()).toMatchObject({ ok: true, checked: 1 });
  });

  it('deletes expired second-factor challenges and captchas', async () => {
    const { server, clock } = await startWithTotp({ email: { captcha: { policy: 'always' } } });
    expectChallenge(await login(server));
    await server.caller().auth.requestCaptcha();
    expect(server.purge()).toMatchObject({ captchas: 0, secondFactorChallenges: 0 });
    clock.advance(HOUR);
    expect(server.purge()).toMatchObject({ captchas: 1, secondFactorChallenges: 1 });
  });
});

describe('the purge schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every purgeIntervalMinutes while the server is open, and stops at close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = new ManualClock();
    const server = createAuthServer({ password: FAST_PASSWORDS, retention: { purgeIntervalMinutes: 10 } }, { clock });
    await errorOf(server.caller().auth.login({ email: 'bob@example.com', password: 'no such account' }));
    clock.advance(2 * DAY);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(9 * 60_000);
    expect(count(server, 'throttles')).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(count(server, 'throttles')).toBe(0);
    await server.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is off with purgeIntervalMinutes 0', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const server = createAuthServer({ password: FAST_PASSWORDS, retention: { purgeIntervalMinutes: 0 } });
    expect(vi.getTimerCount()).toBe(0);
    await server.close();
  });
});
