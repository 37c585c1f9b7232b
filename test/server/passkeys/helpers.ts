// Shared setup of the passkey suites: a server with a relying party, a signed-in user, and a
// software authenticator registered for them through the API.
import type { AuthServer } from '../../../main/server/server.ts';
import type { ServerConfigInput } from '../../../main/server/config.ts';
import { as, registerUser, startServer } from '../../helpers/server.ts';
import { SoftAuthenticator } from '../../helpers/passkey-authenticator.ts';

export const RP_ID = 'localhost';
export const ORIGIN = 'http://localhost:4317';
export const PASSKEYS = { rpId: RP_ID, origins: [ORIGIN] };

export function startPasskeyServer(config: ServerConfigInput = {}) {
  return startServer({ ...config, passkeys: { ...PASSKEYS, ...config.passkeys } });
}

/** Registers `authenticator` for the signed-in user; returns the public passkey. */
export async function addPasskey(
  server: AuthServer,
  accessToken: string,
  authenticator: SoftAuthenticator,
  name?: string,
) {
  const options = await as(server, accessToken).passkeys.registrationOptions();
  return as(server, accessToken).passkeys.register({ response: authenticator.register(options), name });
}

/** A user with one passkey (ES256, device-bound unless told otherwise). */
export async function userWithPasskey(
  server: AuthServer,
  options: ConstructorParameters<typeof SoftAuthenticator>[2] = {},
  email = 'ada@example.com',
) {
  const signedIn = await registerUser(server, email);
  const authenticator = new SoftAuthenticator(ORIGIN, RP_ID, options);
  const passkey = await addPasskey(server, signedIn.tokens.accessToken, authenticator);
  return { signedIn, authenticator, passkey, accessToken: signedIn.tokens.accessToken };
}

/** Signs in with the authenticator, discoverable unless an email is given. */
export async function signInWith(server: AuthServer, authenticator: SoftAuthenticator, email?: string) {
  const options = await server.caller().auth.passkeyOptions(email ? { email } : undefined);
  return server.caller().auth.verifyPasskey({ response: authenticator.assert(options) });
}
