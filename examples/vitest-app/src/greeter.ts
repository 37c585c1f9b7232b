// "Your app": signs its user in through a Latchkey server with latchkey/client and greets them.
import { createLatchkeyClient } from 'latchkey/client';

export interface Greeter {
  /** Mails a sign-in code to `email`. */
  sendCode(email: string): Promise<void>;
  /** Signs in with the mailed code (an unknown address gets an account) and answers the greeting. */
  enterCode(email: string, code: string): Promise<string>;
  /** Signs in with a password; asks `authenticatorCode` when the account has two-step verification. */
  signIn(email: string, password: string, authenticatorCode: () => Promise<string>): Promise<string>;
  /** The greeting for whoever is signed in now, read from the server. */
  greeting(): Promise<string>;
}

export function createGreeter(serverUrl: string): Greeter {
  const client = createLatchkeyClient({ url: serverUrl, device: { platform: 'web', name: 'greeter' } });

  async function greeting(): Promise<string> {
    const me = await client.me();
    return `Hello, ${me.name || me.email}!`;
  }

  return {
    async sendCode(email) {
      await client.requestEmailCode({ email });
    },
    async enterCode(email, code) {
      const result = await client.verifyEmailCode({ email, code });
      if (result.requires2fa) throw new Error('this greeter does not ask for a second factor after a code');
      return greeting();
    },
    async signIn(email, password, authenticatorCode) {
      const result = await client.login({ email, password });
      if (result.requires2fa) {
        await client.verifySecondFactor({ challengeToken: result.challenge.token, code: await authenticatorCode() });
      }
      return greeting();
    },
    greeting,
  };
}
