// The passkey sample of docs/client.md, as written there: the client's option and credential types
// must line up with @simplewebauthn/browser's JSON types (a dependency of the package, so installed).
import { createLatchkeyClient } from 'latchkey/client';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';

const client = createLatchkeyClient({ url: 'http://127.0.0.1:4317' });

export async function passkeys(): Promise<void> {
  const optionsJSON = await client.passkeys.registrationOptions();
  await client.passkeys.register({ response: await startRegistration({ optionsJSON }), name: 'Laptop' });

  const signIn = await client.passkeyOptions(); // or { email }, or { challengeToken } after requires2fa
  const result = await client.verifyPasskey({ response: await startAuthentication({ optionsJSON: signIn }) });
  void result;
}
