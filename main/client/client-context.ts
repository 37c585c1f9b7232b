// What every group of client calls shares: the transport, the token session, and the two ways a
// call sends this device's facts (a sign-in with its trust token, a request for a code without).
import type { SignInResult } from '../../shared/types.ts';
import type { WebSocketConstructor } from './events.ts';
import type { TokenSession } from './session.ts';
import type { Transport } from './transport.ts';

export interface ClientContext {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  readonly transport: Transport;
  readonly session: TokenSession;
  /** For live events and the kiosk's wait; undefined: the global one. */
  readonly WebSocket: WebSocketConstructor | undefined;
}

/** A sign-in call: sends the device, keeps the tokens when it signed in. */
export async function signIn<R extends SignInResult>(
  { transport, session }: ClientContext,
  path: string,
  input: object,
): Promise<R> {
  const device = await session.deviceInput({ withTrust: true });
  const result = await transport<R>({ method: 'POST', path, body: { ...input, ...(device ? { device } : {}) } });
  if (!result.requires2fa) await session.accept(result);
  return result;
}

/** A signed-out request (a code, a link, a kiosk's pairing): sends the device without its trust token. */
export async function postWithDevice<T>(
  { transport, session }: ClientContext,
  path: string,
  input: object,
): Promise<T> {
  const device = await session.deviceInput({ withTrust: false });
  return transport<T>({ method: 'POST', path, body: { ...input, ...(device ? { device } : {}) } });
}

/** An id as one path segment. */
export const segment = (id: string) => encodeURIComponent(id);
