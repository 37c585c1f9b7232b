// latchkey/client against a real server: every sign-in flow, the account and TOTP calls, and
// typed refusals with the server's exact code, status and retryAfter.
import { describe, expect, it } from 'vitest';
import { LatchkeyError, memoryStorage, STORAGE_KEYS } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { authenticator, STEP_MS } from '../helpers/totp.ts';
import { refusal, startClientServer } from './helpers.ts';

const EMAIL = 'ada@example.com';

describe('latchkey/client sign-in flows', () => {
  it('register keeps the tokens and device id in storage; me, updateName and a second client on that storage', async () => {
    const { newClient } = await startClientServer();
    const storage = memoryStorage();
    const client = newClient({ storage, device: { platform: 'linux', name: 'Kiosk 1' } });
    expect(await client.isSignedIn()).toBe(false);
    const result = await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    expect(result.user).toMatchObject({ email: EMAIL, name: 'Ada', hasPassword: true });
    expect(result.device).toMatchObject({ platform: 'linux', name: 'Kiosk 1', current: true });
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBe(result.tokens.refreshToken);
    expect(await storage.get(STORAGE_KEYS.accessToken)).toBe(result.tokens.accessToken);
    expect(await storage.get(STORAGE_KEYS.deviceId)).toBe(result.device.id);
    expect(await client.isSignedIn()).toBe(true);

    expect((await client.me()).id).toBe(result.user.id);
    expect(await client.updateName('Ada Lovelace')).toMatchObject({ name: 'Ada Lovelace' });

    // An async storage shared with a new client (an app restart): already signed in.
    const asyncStore = new Map<string, string>([...(await snapshot(storage))]);
    const restarted = newClient({
      storage: {
        get: async (key) => asyncStore.get(key),
        set: async (key, value) => void asyncStore.set(key, value),
        delete: async (key) => void asyncStore.delete(key),
      },
    });
    expect((await restarted.me()).name).toBe('Ada Lovelace');
    expect(await restarted.accessToken()).toBe(result.tokens.accessToken);
  });

  it('login with a password; the same device signs in again under the id it was given', async () => {
    const { newClient, api } = await startClientServer();
    await api.register(EMAIL);
    const client = newClient();
    const first = await client.login({ email: EMAIL, password: PASSWORD });
    if (first.requires2fa) throw new Error('unexpected challenge');
    await client.logout();
    expect(await client.isSignedIn()).toBe(false);
    const again = await client.login({ email: EMAIL, password: PASSWORD });
    if (again.requires2fa) throw new Error('unexpected challenge');
    expect(again.device.id).toBe(first.device.id);

    // An id the app chose is the device's id.
    const kiosk = await newClient({ device: { id: 'kiosk-7', platform: 'linux' } }).login({
      email: EMAIL,
      password: PASSWORD,
    });
    if (kiosk.requires2fa) throw new Error('unexpected challenge');
    expect(kiosk.device).toMatchObject({ id: 'kiosk-7', platform: 'linux' });
  });

  it('refuses a wrong password as INVALID_CREDENTIALS 401, a refusal and not a network error', async () => {
    const { newClient, api } = await startClientServer();
    await api.register(EMAIL);
    const error = await refusal(newClient().login({ email: EMAIL, password: 'wrong password!' }));
    expect(error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
      message: 'The email or password you entered is incorrect.',
      isNetworkError: false,
    });
    expect(error.name).toBe('LatchkeyError');
  });

  it('email code: request, read it from the outbox, verify; a quick repeat is RATE_LIMITED 429 with retryAfter 60', async () => {
    const { newClient, codeFor } = await startClientServer();
    const client = newClient();
    expect(await client.requestEmailCode({ email: EMAIL })).toEqual({ email: EMAIL, expiresIn: 600, resendAfter: 60 });
    const limited = await refusal(client.requestEmailCode({ email: EMAIL }));
    expect(limited).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfter: 60,
      message: 'Too many attempts. Please try again later.',
    });
    const wrong = await refusal(client.verifyEmailCode({ email: EMAIL, code: '12345' }));
    expect(wrong).toMatchObject({ code: 'VALIDATION_ERROR', status: 422, details: { code: expect.any(String) } });

    const signedIn = await client.verifyEmailCode({ email: EMAIL, code: codeFor(EMAIL) });
    expect(signedIn.requires2fa).toBe(false);
    expect((await client.me()).email).toBe(EMAIL);
  });

  it('captcha: CAPTCHA_REQUIRED 400, a challenge, then the code with its answer', async () => {
    const { newClient, api, codeFor } = await startClientServer({ email: { captcha: { policy: 'always' } } });
    const client = newClient();
    expect(await refusal(client.requestEmailCode({ email: EMAIL }))).toMatchObject({
      code: 'CAPTCHA_REQUIRED',
      status: 400,
    });
    const { captchaId, svg, expiresIn } = await client.requestCaptcha();
    expect(svg).toMatch(/^<svg /);
    expect(expiresIn).toBe(300);
    const { answer } = (await api.get(`/v1/dev/captcha/${captchaId}`)).body.data;
    await client.requestEmailCode({ email: EMAIL, captchaId, captchaAnswer: answer });
    expect((await client.verifyEmailCode({ email: EMAIL, code: codeFor(EMAIL) })).requires2fa).toBe(false);
  });

  it('TOTP: enroll, a challenge at login answered by a code, then by a recovery code; trust skips it; disable', async () => {
    const { newClient, clock, server } = await startClientServer();
    const client = newClient();
    await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const enrollment = await client.totp.beginEnrollment();
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const app = authenticator(enrollment.secret, () => server.services.clock.now());
    const { recoveryCodes } = await client.totp.confirmEnrollment(await app.code());
    expect(recoveryCodes).toHaveLength(10);
    expect((await client.me()).totpEnabled).toBe(true);
    await client.logout();

    const challenged = await client.login({ email: EMAIL, password: PASSWORD });
    if (!challenged.requires2fa) throw new Error('expected a challenge');
    expect(challenged.challenge.methods).toEqual(['totp', 'recovery_code']);
    expect(await client.isSignedIn()).toBe(false);
    const wrong = await refusal(
      client.verifySecondFactor({ challengeToken: challenged.challenge.token, code: '000000' }),
    );
    expect(wrong).toMatchObject({ code: 'TOTP_INVALID', status: 400 });
    clock.advance(STEP_MS);
    await client.verifySecondFactor({ challengeToken: challenged.challenge.token, code: await app.code() });
    expect(await client.isSignedIn()).toBe(true);
    await client.logout();

    const second = await client.login({ email: EMAIL, password: PASSWORD });
    if (!second.requires2fa) throw new Error('expected a challenge');
    const trusted = await client.verifySecondFactor({
      challengeToken: second.challenge.token,
      recoveryCode: recoveryCodes[0]!,
      trustDevice: true,
    });
    expect(trusted.tokens.deviceTrustToken).toEqual(expect.any(String));
    expect((await client.me()).recoveryCodesRemaining).toBe(9);
    await client.logout();

    // The stored trust token goes with the next sign-in: no challenge this time.
    const skipped = await client.login({ email: EMAIL, password: PASSWORD });
    expect(skipped.requires2fa).toBe(false);
    const device = (await client.devices.list()).find((d) => d.current)!;
    expect(device.trustedUntil).not.toBeNull();
    expect((await client.devices.untrust(device.id)).trustedUntil).toBeNull();

    clock.advance(STEP_MS);
    expect(await client.totp.disable({ code: await app.code() })).toEqual({ disabled: true });
    expect((await client.me()).totpEnabled).toBe(false);
  });

  it('deleteAccount removes the account and forgets the tokens', async () => {
    const { newClient, api } = await startClientServer();
    const client = newClient();
    await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    expect(await client.deleteAccount()).toEqual({ deleted: true });
    expect(await client.isSignedIn()).toBe(false);
    expect((await api.post('/v1/auth/login', { email: EMAIL, password: PASSWORD })).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(await refusal(client.me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('sends Accept-Language: refusals come in the asked language', async () => {
    const { newClient, api } = await startClientServer();
    await api.register(EMAIL);
    const error = await refusal(newClient({ locale: 'zh-CN' }).login({ email: EMAIL, password: 'nope nope nope' }));
    expect(error.message).toBe('邮箱或密码不正确。');
    expect(error).toBeInstanceOf(LatchkeyError);
  });
});

async function snapshot(storage: ReturnType<typeof memoryStorage>): Promise<Array<[string, string]>> {
  const entries: Array<[string, string]> = [];
  for (const key of Object.values(STORAGE_KEYS)) {
    const value = await storage.get(key);
    if (typeof value === 'string') entries.push([key, value]);
  }
  return entries;
}
