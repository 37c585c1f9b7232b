// latchkey/testing used the way an app's own suite would: start a server, sign up, read the mailed
// code, move the clock past its expiry, sign in with a seeded user's authenticator code, reset,
// and close without leaving files behind.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLatchkeyClient, LatchkeyError, type LatchkeyClient } from '../../main/client/index.ts';
import { startTestServer, type TestServer } from '../../main/testing/index.ts';

const PASSWORD = 'correct horse battery staple';

let kit: TestServer;
let client: LatchkeyClient;

beforeEach(async () => {
  kit = await startTestServer();
  client = createLatchkeyClient({ url: kit.url });
});
afterEach(() => kit.close());

async function failure(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  return error as LatchkeyError;
}

describe('startTestServer', () => {
  it('serves dev mode on 127.0.0.1 over a file database in the temp folder', async () => {
    expect(kit.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(kit.auth.config.devMode).toBe(true);
    expect(dirname(dirname(kit.databasePath))).toBe(tmpdir());
    expect(existsSync(kit.databasePath)).toBe(true);
    expect(statSync(dirname(kit.databasePath)).mode & 0o777).toBe(0o700);
    expect((await fetch(`${kit.url}/healthz`)).status).toBe(200);
  });

  it('sign up, read the code, sign in with it', async () => {
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    await client.logout();
    await client.requestEmailCode({ email: 'ada@example.com' });
    const code = kit.readCode('ada@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(kit.readMail('ada@example.com')[0]).toMatchObject({ to: 'ada@example.com', code });
    const signedIn = await client.verifyEmailCode({ email: 'ada@example.com', code });
    expect(signedIn.requires2fa).toBe(false);
    expect((await client.me()).email).toBe('ada@example.com');
    expect(() => kit.readCode('nobody@example.com')).toThrow('no sign-in code was mailed to nobody@example.com');
  });

  it('magic link through the client: readLink and readCode read the same mail, describe then verify', async () => {
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    const other = createLatchkeyClient({ url: kit.url, device: { id: 'phone-2', platform: 'android' } });
    kit.advanceClock(61);
    const sent = await other.requestMagicLink({ email: 'ada@example.com', redirectTo: '/account' });
    expect(sent).toEqual({ email: 'ada@example.com', expiresIn: 900, resendAfter: 60 });
    const link = kit.readLink('ada@example.com');
    expect(link).toMatch(new RegExp(`^${kit.url}/auth/magic\\?token=`));
    expect(kit.readMail('ada@example.com')[0]).toMatchObject({
      purpose: 'magic_link',
      link,
      code: kit.readCode('ada@example.com'),
    });
    const token = new URL(link).searchParams.get('token')!;
    const described = await other.describeMagicLink({ token });
    expect(described).toMatchObject({
      email: 'ada@example.com',
      device: { platform: 'android', ipAddress: '127.0.0.1' },
      sameBrowser: false,
      redirectTo: '/account',
    });
    const signedIn = await other.verifyMagicLink({ token });
    expect(signedIn).toMatchObject({ requires2fa: false, device: { id: 'phone-2' } });
    expect((await other.me()).email).toBe('ada@example.com');
    expect(() => kit.readLink('nobody@example.com')).toThrow('no sign-in link was mailed to nobody@example.com');
  });

  it('forgot password through the client: readCode returns the reset code, the old session ends', async () => {
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    const other = createLatchkeyClient({ url: kit.url });
    await other.login({ email: 'ada@example.com', password: PASSWORD });
    kit.advanceClock(61);
    // The latest mailed code is the reset one (a sign-in code was not asked for here).
    const sent = await other.requestPasswordReset({ email: 'ada@example.com' });
    expect(sent).toEqual({ email: 'ada@example.com', expiresIn: 600, resendAfter: 60 });
    const code = kit.readCode('ada@example.com');
    expect(kit.readMail('ada@example.com')[0]).toMatchObject({
      subject: 'Reset your Latchkey password',
      code,
      purpose: 'reset_password',
    });
    const reset = await other.confirmPasswordReset({
      email: 'ada@example.com',
      code,
      newPassword: 'violet staircase humming',
    });
    expect(reset.requires2fa).toBe(false);
    expect((await other.me()).email).toBe('ada@example.com');
    const ended = await failure(client.me());
    expect(ended.status).toBe(401);
  });

  it('a code used after the clock moved past its expiry is refused as CODE_INVALID', async () => {
    const sent = await client.requestEmailCode({ email: 'ada@example.com' });
    const code = kit.readCode('ada@example.com');
    const before = kit.auth.services.clock.now();
    expect(kit.advanceClock(sent.expiresIn + 1)).toBe(new Date(before + (sent.expiresIn + 1) * 1000).toISOString());
    const refused = await failure(client.verifyEmailCode({ email: 'ada@example.com', code }));
    expect(refused).toMatchObject({ code: 'CODE_INVALID', status: 400 });
  });

  it('a seeded TOTP user signs in with totpCode; a code two steps ahead is refused', async () => {
    const seeded = await kit.seedUser({ email: 'kiosk@example.com', password: PASSWORD, name: 'Kiosk', totp: true });
    expect(seeded.user).toMatchObject({ email: 'kiosk@example.com', name: 'Kiosk', totpEnabled: true });
    expect(seeded.totpSecret).toMatch(/^[A-Z2-7]+$/);
    const challenged = await client.login({ email: 'kiosk@example.com', password: PASSWORD });
    if (!challenged.requires2fa) throw new Error('expected a challenge');
    const tooFar = await failure(
      client.verifySecondFactor({
        challengeToken: challenged.challenge.token,
        code: await kit.totpCode(seeded.totpSecret!, 2),
      }),
    );
    expect(tooFar).toMatchObject({ code: 'TOTP_INVALID', status: 400 });
    await client.verifySecondFactor({
      challengeToken: challenged.challenge.token,
      code: await kit.totpCode(seeded.totpSecret!),
    });
    expect((await client.me()).totpEnabled).toBe(true);

    const plain = await kit.seedUser({ email: 'bob@example.com' });
    expect(plain).toEqual({ user: expect.objectContaining({ email: 'bob@example.com', hasPassword: false }) });
  });

  it('reset removes every user; the signing keys stay', async () => {
    await kit.seedUser({ email: 'ada@example.com', password: PASSWORD });
    const jwks = await (await fetch(`${kit.url}/.well-known/jwks.json`)).json();
    await kit.reset();
    const users = kit.auth.services.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number };
    expect(users.n).toBe(0);
    expect(await failure(client.login({ email: 'ada@example.com', password: PASSWORD }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await (await fetch(`${kit.url}/.well-known/jwks.json`)).json()).toEqual(jwks);
    // The same address can be seeded again.
    expect((await kit.seedUser({ email: 'ada@example.com' })).user.email).toBe('ada@example.com');
  });

  it('close stops the server and removes the temp folder (and is safe to call twice)', async () => {
    const folder = dirname(kit.databasePath);
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    expect(readdirSync(folder).sort()).toContain('latchkey.db.key');
    await kit.close();
    expect(existsSync(folder)).toBe(false);
    const refused = await failure(createLatchkeyClient({ url: kit.url }).requestCaptcha());
    expect(refused.isNetworkError).toBe(true);
    await kit.close();
  });

  it('takes server options (here: no auto-registration) and a start time', async () => {
    await kit.close();
    kit = await startTestServer({
      config: { email: { autoRegister: false } },
      startTime: new Date('2030-01-01T00:00:00Z'),
    });
    expect(kit.auth.services.clock.now()).toBe(Date.UTC(2030, 0, 1));
    expect(kit.auth.config.email.autoRegister).toBe(false);
  });
});
