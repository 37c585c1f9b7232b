// Sign up, sign in, read the account and sign out with latchkey/client against a running server.
// Usage: node sign-in.ts [SERVER_URL]   (default http://127.0.0.1:4317, what `npx latchkey serve` binds)
import { createLatchkeyClient, isLatchkeyError } from 'latchkey/client';

const url = process.argv[2] ?? 'http://127.0.0.1:4317';
// A fresh address each run: registering one that exists is refused with CONFLICT.
const email = `ada.${Date.now()}@example.com`;
const password = 'a long passphrase of my own';

const client = createLatchkeyClient({ url, device: { platform: 'linux', name: 'node-client example' } });

try {
  const registered = await client.register({ email, password, name: 'Ada' });
  console.log(`signed up: ${registered.user.email} (user ${registered.user.id})`);
  // register signs in too; sign out and back in with the password to show login.
  await client.logout();

  const signedIn = await client.login({ email, password });
  if (signedIn.requires2fa) throw new Error('this account has an authenticator: call verifySecondFactor');
  console.log(`signed in: session ${signedIn.session.id}`);

  const me = await client.me();
  console.log(`me: ${me.name} <${me.email}>`);

  await client.logout();
  console.log(`signed out: ${(await client.isSignedIn()) ? 'still signed in' : 'no tokens kept'}`);

  // The session is over on the server too: a call now is refused.
  await client.me().catch((error: unknown) => {
    if (!isLatchkeyError(error)) throw error;
    console.log(`me after sign-out: ${error.code}`);
  });
} catch (error) {
  if (!isLatchkeyError(error)) throw error;
  // `code` is what to switch on; NETWORK_ERROR means the server could not be reached at all.
  console.error(`failed: ${error.code} ${error.message}`);
  process.exitCode = 1;
}
