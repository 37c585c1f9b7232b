// The app's tests against a real Latchkey server from latchkey/testing: real SQLite, real HTTP,
// real tokens, with a clock the test moves and mail the test reads.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from 'latchkey/testing';
import { createGreeter } from '../src/greeter.ts';

const server = await startTestServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('greeter', () => {
  it('signs up by email code and greets the new user by the name taken from the address', async () => {
    const greeter = createGreeter(server.url);
    await greeter.sendCode('ada@example.com');
    const code = server.readCode('ada@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(await greeter.enterCode('ada@example.com', code)).toBe('Hello, ada!');
  });

  it('is refused a code once the clock has moved past its expiry', async () => {
    const greeter = createGreeter(server.url);
    await greeter.sendCode('bo@example.com');
    const code = server.readCode('bo@example.com');
    server.advanceClock(601); // email.codeTtlSeconds is 600 by default
    await expect(greeter.enterCode('bo@example.com', code)).rejects.toMatchObject({
      code: 'CODE_INVALID',
      status: 400,
    });
  });

  it('stays signed in when the access token expires (the client refreshes)', async () => {
    const { user } = await server.seedUser({
      email: 'cy@example.com',
      password: 'a long passphrase of mine',
      name: 'Cy',
    });
    const greeter = createGreeter(server.url);
    expect(await greeter.signIn(user.email, 'a long passphrase of mine', never)).toBe('Hello, Cy!');
    server.advanceClock(11 * 60); // past tokens.accessTtl (600 s)
    expect(await greeter.greeting()).toBe('Hello, Cy!');
  });

  it('asks for the authenticator code when the account has one', async () => {
    const password = 'a long passphrase of mine';
    const { totpSecret } = await server.seedUser({ email: 'di@example.com', password, name: 'Di', totp: true });
    const greeter = createGreeter(server.url);
    expect(await greeter.signIn('di@example.com', password, () => server.totpCode(totpSecret!))).toBe('Hello, Di!');
  });

  it('is refused a wrong authenticator code with TOTP_INVALID', async () => {
    const password = 'a long passphrase of mine';
    const { totpSecret } = await server.seedUser({ email: 'ed@example.com', password, totp: true });
    const wrong = async () =>
      ((Number(await server.totpCode(totpSecret!)) + 1) % 1_000_000).toString().padStart(6, '0');
    await expect(createGreeter(server.url).signIn('ed@example.com', password, wrong)).rejects.toMatchObject({
      code: 'TOTP_INVALID',
    });
  });
});

async function never(): Promise<string> {
  throw new Error('no second factor was expected');
}
