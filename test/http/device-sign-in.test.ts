/* eslint-disable @typescript-eslint/no-explicit-any -- JSON replies are checked by the assertions that read them */
// Signing in to a kiosk from a phone over real HTTP on 127.0.0.1 (RFC 8628 device grant): the
// kiosk starts and polls, the phone describes, approves or denies; every answer and the database
// state are asserted exactly, and time moves only on the manual clock.
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_CODE_ENDED } from '../../shared/events.ts';
import { USER_CODE_ALPHABET } from '../../shared/device-sign-in.ts';
import { client, startHttp, type Api } from '../helpers/http.ts';
import { openEvents } from '../helpers/event-socket.ts';

const KIOSK = { id: 'kiosk-lobby', name: 'Lobby kiosk', platform: 'linux' };

async function start(api: Api, device: object = KIOSK) {
  const reply = await api.post('/v1/auth/device-code', { device });
  expect(reply.status).toBe(200);
  return reply.body.data as {
    deviceCode: string;
    userCode: string;
    verificationUri: string;
    verificationUriComplete: string;
    expiresIn: number;
    interval: number;
  };
}

const poll = (api: Api, deviceCode: string) => api.post('/v1/auth/device-code/poll', { deviceCode });
const onPhone = (api: Api, step: 'describe' | 'approve' | 'deny', userCode: string, token: string) =>
  api.post(`/v1/device-code/${step}`, { userCode }, token);

/** A server, a kiosk client, and a phone client signed in as Ada. */
async function setup(config: Parameters<typeof startHttp>[0] = {}, options: { file?: boolean } = {}) {
  const test = await startHttp(config, options);
  const kiosk = client(test.url);
  const phone = client(test.url);
  const signedIn = await phone.register('ada@example.com', { id: 'ada-phone', name: 'Ada’s phone' });
  return { ...test, kiosk, phone, phoneToken: signedIn.tokens.accessToken as string };
}

describe('device sign-in (kiosk ← phone) over HTTP', () => {
  it('starts with the RFC 8628 answer: 8 unambiguous letters as XXXX-XXXX, a 256-bit device code, 10 min, 5 s', async () => {
    const { kiosk, url } = await setup();
    const started = await start(kiosk);
    expect(started.userCode).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`));
    expect(started.deviceCode).toMatch(/^[\w-]{43}$/);
    expect(started).toMatchObject({
      verificationUri: `${url}/device`,
      verificationUriComplete: `${url}/device?code=${started.userCode}`,
      expiresIn: 600,
      interval: 5,
    });
    const methods = await kiosk.get('/v1/auth/methods');
    expect(methods.body.data.deviceSignIn).toBe(true);
  });

  it('approve: the kiosk hears it on its socket and its next poll is a session of the user on the kiosk, once', async () => {
    const { kiosk, phone, phoneToken, url, server } = await setup();
    const started = await start(kiosk);
    expect((await poll(kiosk, started.deviceCode)).body.error).toMatchObject({
      code: 'AUTHORIZATION_PENDING',
      retryAfter: 5,
    });
    const socket = await openEvents(url, { path: '/v1/device-code/events' });
    socket.socket.send(JSON.stringify({ type: 'device-code', deviceCode: started.deviceCode }));
    expect(await socket.next('device-code.pending')).toMatchObject({ expiresAt: expect.any(String) });

    // The phone sees which device asks, whatever the spelling of the code.
    const lower = started.userCode.toLowerCase().replace('-', '');
    const described = await onPhone(phone, 'describe', lower, phoneToken);
    expect(described.status).toBe(200);
    expect(described.body.data).toMatchObject({
      userCode: started.userCode,
      device: { name: 'Lobby kiosk', platform: 'linux', ipAddress: '127.0.0.1' },
      requestedAt: '2026-01-01T12:00:00.000Z',
    });
    const approved = await onPhone(phone, 'approve', started.userCode, phoneToken);
    expect(approved.body).toEqual({ success: true, data: { userCode: started.userCode, decision: 'approved' } });
    expect(await socket.next('device-code.approved')).toEqual({ type: 'device-code.approved' });
    expect((await socket.closed).code).toBe(1000);

    // No wait for the interval once decided: the push is followed by the poll at once.
    const result = await poll(kiosk, started.deviceCode);
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      requires2fa: false,
      user: { email: 'ada@example.com' },
      device: { id: 'kiosk-lobby', name: 'Lobby kiosk', platform: 'linux' },
      session: { amr: ['pwd', 'mca'], aal: 1, deviceId: 'kiosk-lobby' },
    });
    // Single use: the answer was delivered; the code is spent, for the kiosk and the phone alike.
    expect((await poll(kiosk, started.deviceCode)).body.error.code).toBe('EXPIRED_TOKEN');
    expect((await onPhone(phone, 'approve', started.userCode, phoneToken)).body.error.code).toBe('CODE_INVALID');
    const kioskToken = result.body.data.tokens.accessToken as string;
    expect((await kiosk.get('/v1/me', kioskToken)).body.data.email).toBe('ada@example.com');

    const types = server.services.db
      .prepare("SELECT type FROM audit_events WHERE type LIKE 'device_sign_in%' ORDER BY id")
      .all();
    expect(types.map((row: any) => row.type)).toEqual([
      'device_sign_in_started',
      'device_sign_in_approved',
      'device_sign_in_completed',
      'device_sign_in_code_failed', // the spent code, tried again on the phone
    ]);
  });

  it('the kiosk session is listed on the phone and revoking it there refuses its token and its refresh', async () => {
    const { kiosk, phone, phoneToken } = await setup();
    const started = await start(kiosk);
    await onPhone(phone, 'approve', started.userCode, phoneToken);
    const signedIn = (await poll(kiosk, started.deviceCode)).body.data;
    const devices = (await phone.get('/v1/devices', phoneToken)).body.data as Array<{ id: string; name: string }>;
    expect(devices.map((device) => device.id).sort()).toEqual(['ada-phone', 'kiosk-lobby']);
    const sessions = (await phone.get('/v1/sessions', phoneToken)).body.data as Array<{ id: string; deviceId: string }>;
    expect(sessions.find((session) => session.deviceId === 'kiosk-lobby')?.id).toBe(signedIn.session.id);

    const revoked = await phone.call('DELETE', `/v1/sessions/${signedIn.session.id}`, { token: phoneToken });
    expect(revoked.body.data).toEqual({ revokedSessions: 1 });
    const me = await kiosk.get('/v1/me', signedIn.tokens.accessToken);
    expect([me.status, me.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    const refreshed = await kiosk.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    expect(refreshed.status).toBe(401);
  });

  it('an approval stands only while the phone session that gave it does: signed out since, the poll is ACCESS_DENIED', async () => {
    const { kiosk, phone, phoneToken, server } = await setup();
    const started = await start(kiosk);
    expect((await onPhone(phone, 'approve', started.userCode, phoneToken)).status).toBe(200);
    expect((await phone.post('/v1/auth/logout', {}, phoneToken)).status).toBe(200);
    const answer = await poll(kiosk, started.deviceCode);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'ACCESS_DENIED']);
    expect((await poll(kiosk, started.deviceCode)).body.error.code).toBe('EXPIRED_TOKEN');
    const open = server.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL').get();
    expect(open).toEqual({ n: 0 });
    const withdrawn = server.services.db
      .prepare("SELECT details FROM audit_events WHERE type = 'device_sign_in_withdrawn'")
      .all() as Array<{ details: string }>;
    expect(withdrawn.map((row) => JSON.parse(row.details) as unknown)).toEqual([{ reason: 'approver_ended' }]);
  });

  it('deny: the socket says so and the next poll answers ACCESS_DENIED (403), then the code is spent', async () => {
    const { kiosk, phone, phoneToken, url, server } = await setup();
    const started = await start(kiosk);
    const socket = await openEvents(url, { path: '/v1/device-code/events' });
    socket.socket.send(JSON.stringify({ type: 'device-code', deviceCode: started.deviceCode }));
    await socket.next('device-code.pending');
    const denied = await onPhone(phone, 'deny', started.userCode, phoneToken);
    expect(denied.body.data).toEqual({ userCode: started.userCode, decision: 'denied' });
    expect(await socket.next('device-code.denied')).toEqual({ type: 'device-code.denied' });
    const answer = await poll(kiosk, started.deviceCode);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'ACCESS_DENIED']);
    expect((await poll(kiosk, started.deviceCode)).body.error.code).toBe('EXPIRED_TOKEN');
    expect(server.services.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
  });

  it('expiry on the clock: after 10 minutes the poll answers EXPIRED_TOKEN and the phone CODE_INVALID', async () => {
    const { kiosk, phone, phoneToken, clock, url } = await setup();
    const started = await start(kiosk);
    const socket = await openEvents(url, { path: '/v1/device-code/events' });
    socket.socket.send(JSON.stringify({ type: 'device-code', deviceCode: started.deviceCode }));
    await socket.next('device-code.pending');
    clock.advance(600_000 - 1);
    expect((await onPhone(phone, 'describe', started.userCode, phoneToken)).status).toBe(200);
    clock.advance(1);
    expect((await socket.closed).code).toBe(DEVICE_CODE_ENDED);
    const described = await onPhone(phone, 'describe', started.userCode, phoneToken);
    expect([described.status, described.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const answer = await poll(kiosk, started.deviceCode);
    expect([answer.status, answer.body.error.code]).toEqual([400, 'EXPIRED_TOKEN']);
    // Subscribing with a spent or unknown code closes at once.
    const late = await openEvents(url, { path: '/v1/device-code/events' });
    late.socket.send(JSON.stringify({ type: 'device-code', deviceCode: started.deviceCode }));
    expect((await late.closed).code).toBe(DEVICE_CODE_ENDED);
  });

  it('SLOW_DOWN: a poll before the interval answers 429 and adds 5 s, each time', async () => {
    const { kiosk, clock } = await setup();
    const started = await start(kiosk);
    expect((await poll(kiosk, started.deviceCode)).body.error.code).toBe('AUTHORIZATION_PENDING');
    clock.advance(4_000);
    const fast = await poll(kiosk, started.deviceCode);
    expect([fast.status, fast.body.error.code, fast.body.error.retryAfter]).toEqual([429, 'SLOW_DOWN', 10]);
    expect(fast.headers.get('retry-after')).toBe('10');
    clock.advance(9_000);
    expect((await poll(kiosk, started.deviceCode)).body.error).toMatchObject({ code: 'SLOW_DOWN', retryAfter: 15 });
    clock.advance(15_000);
    expect((await poll(kiosk, started.deviceCode)).body.error).toMatchObject({
      code: 'AUTHORIZATION_PENDING',
      retryAfter: 15,
    });
  });

  it('approving and denying need a recent sign-in (REAUTH_REQUIRED); a fresh sign-in on the phone then approves', async () => {
    const { kiosk, phone, phoneToken, clock } = await setup();
    clock.advance(6 * 60_000);
    const started = await start(kiosk);
    const stale = await onPhone(phone, 'approve', started.userCode, phoneToken);
    expect([stale.status, stale.body.error.code]).toEqual([403, 'REAUTH_REQUIRED']);
    const staleDeny = await onPhone(phone, 'deny', started.userCode, phoneToken);
    expect([staleDeny.status, staleDeny.body.error.code]).toEqual([403, 'REAUTH_REQUIRED']);
    // Describing is allowed: it grants nothing.
    expect((await onPhone(phone, 'describe', started.userCode, phoneToken)).status).toBe(200);
    const fresh = (await phone.login('ada@example.com')).tokens.accessToken as string;
    expect((await onPhone(phone, 'approve', started.userCode, fresh)).body.data.decision).toBe('approved');
    expect((await poll(kiosk, started.deviceCode)).status).toBe(200);
  });

  it('wrong codes count against the account and the address: RATE_LIMITED even for the right code', async () => {
    const { kiosk, phone, phoneToken, server } = await setup();
    const started = await start(kiosk);
    const wrongCode = started.userCode === 'BBBB-BBBB' ? 'CCCC-CCCC' : 'BBBB-BBBB';
    for (let i = 0; i < 4; i++) {
      const wrong = await onPhone(phone, 'approve', wrongCode, phoneToken);
      expect([wrong.status, wrong.body.error.code]).toEqual([400, 'CODE_INVALID']);
    }
    const fifth = await onPhone(phone, 'describe', wrongCode, phoneToken);
    expect([fifth.status, fifth.body.error.code, fifth.body.error.retryAfter]).toEqual([429, 'RATE_LIMITED', 30]);
    const right = await onPhone(phone, 'approve', started.userCode, phoneToken);
    expect([right.status, right.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(server.services.throttle.failures(`device-code:ip:127.0.0.1`)).toBe(5);
    // A malformed code is refused by validation and costs nothing.
    const malformed = await onPhone(phone, 'describe', 'AEIO-U123', phoneToken);
    expect([malformed.status, malformed.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
    expect(server.services.throttle.failures(`device-code:ip:127.0.0.1`)).toBe(5);
  });

  it('the address budget spans accounts (lockout.sourceThreshold)', async () => {
    const { kiosk, phone, phoneToken } = await setup({ lockout: { sourceThreshold: 3 } });
    const bob = (await phone.register('bob@example.com')).tokens.accessToken as string;
    const started = await start(kiosk);
    const wrongCode = started.userCode === 'BBBB-BBBB' ? 'CCCC-CCCC' : 'BBBB-BBBB';
    await onPhone(phone, 'describe', wrongCode, phoneToken);
    await onPhone(phone, 'describe', wrongCode, phoneToken);
    expect((await onPhone(phone, 'describe', wrongCode, bob)).body.error.code).toBe('RATE_LIMITED');
  });

  it('starting is capped per address (limits.deviceCode) and can be turned off (deviceSignIn.enabled)', async () => {
    const capped = await setup({ limits: { deviceCode: { address: 2, global: 100 } } });
    await start(capped.kiosk);
    await start(capped.kiosk);
    const third = await capped.kiosk.post('/v1/auth/device-code', {});
    expect([third.status, third.body.error.code]).toEqual([429, 'RATE_LIMITED']);

    const off = await setup({ deviceSignIn: { enabled: false } });
    const refused = await off.kiosk.post('/v1/auth/device-code', {});
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await off.kiosk.get('/v1/auth/methods')).body.data.deviceSignIn).toBe(false);
  });

  it('keeps neither code at rest: the database and its WAL hold no device code or user code', async () => {
    const { kiosk, phone, phoneToken, server } = await setup({}, { file: true });
    const started = await start(kiosk);
    await onPhone(phone, 'describe', started.userCode, phoneToken);
    const path = server.config.database;
    const bytes = Buffer.concat([
      readFileSync(path),
      existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0),
    ]);
    expect(bytes.includes(Buffer.from('device_codes'))).toBe(true);
    for (const secret of [started.deviceCode, started.userCode, started.userCode.replace('-', '')]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const row = server.services.db.prepare('SELECT device_code_hash, user_code_hash FROM device_codes').get() as any;
    expect(row.device_code_hash).toHaveLength(32);
    expect(row.user_code_hash).toHaveLength(32);
  });

  it('the OpenAPI document covers every new route', async () => {
    const { kiosk } = await setup();
    const doc = (await kiosk.get('/openapi.json')).body;
    expect(doc.paths['/v1/auth/device-code'].post.operationId).toBe('auth.startDeviceSignIn');
    expect(doc.paths['/v1/auth/device-code/poll'].post.operationId).toBe('auth.pollDeviceSignIn');
    expect(doc.paths['/v1/device-code/describe'].post.operationId).toBe('devices.describeSignIn');
    expect(doc.paths['/v1/device-code/approve'].post.operationId).toBe('devices.approveSignIn');
    expect(doc.paths['/v1/device-code/deny'].post.operationId).toBe('devices.denySignIn');
    const started = doc.paths['/v1/auth/device-code'].post.responses[200].content['application/json'].schema;
    expect(Object.keys(started.properties.data.properties)).toEqual([
      'deviceCode',
      'userCode',
      'verificationUri',
      'verificationUriComplete',
      'expiresIn',
      'interval',
    ]);
  });
});
