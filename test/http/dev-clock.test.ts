// Dev mode's clock over real HTTP: moved forward it shifts TOTP steps away from authenticator apps
// (they read the real time); `{reset: true}` and `/v1/dev/reset` bring it back, and it never
// moves backwards. The "real" time here is a ManualClock under the server's OffsetClock.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import { ManualClock, OffsetClock } from '../../main/server/clock.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { totpCodeAt } from '../../main/server/totp/totp-code.ts';
import { fieldMessage } from '../../shared/validation-messages.ts';
import { client } from '../helpers/http.ts';
import { FAST_PASSWORDS, PASSWORD } from '../helpers/server.ts';
import { seedTotpUser } from '../helpers/totp.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function devServer() {
  const real = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const clock = new OffsetClock(real);
  const auth = createAuthServer({ database: ':memory:', devMode: true, password: FAST_PASSWORDS }, { clock });
  const http = createHttpServer(auth, { port: 0, devClock: clock });
  const { url } = await http.listen();
  closers.push(
    () => auth.close(),
    () => http.close(),
  );
  return { real, clock, api: client(url) };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('dev clock', () => {
  it('after a move an authenticator’s code fails; {reset: true} returns to the real time and it signs in', async () => {
    const { real, api } = await devServer();
    const { secret } = await seedTotpUser(api, real); // the seed used the current step up
    const moved = await api.post('/v1/dev/clock', { advanceSeconds: 700 });
    expect(moved.body.data).toEqual({ now: iso(real.now() + 700_000) });
    const login = async () =>
      api.post('/v1/auth/login', {
        email: 'otp@example.com',
        password: PASSWORD,
        // What an authenticator app shows: the code of the real time.
        totpCode: await totpCodeAt(secret, real.now()),
      });
    const early = await login();
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('TOTP_INVALID');

    const back = await api.post('/v1/dev/clock', { reset: true });
    expect(back).toMatchObject({ status: 200, body: { data: { now: iso(real.now()) } } });
    const signedIn = await login();
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toMatchObject({ requires2fa: false, session: { aal: 2 } });
  });

  it('/v1/dev/reset puts the clock back to the real time too', async () => {
    const { real, clock, api } = await devServer();
    await api.post('/v1/dev/clock', { advanceSeconds: 3600 });
    expect(clock.now()).toBe(real.now() + 3_600_000);
    expect((await api.post('/v1/dev/reset')).status).toBe(200);
    expect(clock.now()).toBe(real.now());
  });

  it('refuses to move backwards, and takes exactly one of advanceSeconds and reset, with a message saying so', async () => {
    const { real, clock, api } = await devServer();
    const backwards = await api.post('/v1/dev/clock', { advanceSeconds: -60 });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { advanceSeconds: 'The clock only moves forward; use {"reset": true} to return to the real time.' },
    });
    const chinese = await api.call('POST', '/v1/dev/clock', {
      body: { advanceSeconds: -60 },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(chinese.body.error.details).toEqual({ advanceSeconds: fieldMessage('clock_forward_only', 'zh') });
    const either = fieldMessage('clock_advance_or_reset', 'en');
    for (const bad of [{}, { advanceSeconds: 60, reset: true }]) {
      const reply = await api.post('/v1/dev/clock', bad);
      expect(reply.status).toBe(422);
      expect(reply.body.error.details).toEqual({ advanceSeconds: either });
    }
    expect((await api.post('/v1/dev/clock', { reset: false })).status).toBe(422);
    expect(clock.now()).toBe(real.now());
  });
});
