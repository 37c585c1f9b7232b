// createLatchkeyClient: the REST API as typed calls, for Node, browsers and React Native. Sign-ins
// keep their tokens in the pluggable storage; every other call sends the access token and, when it
// is stale, refreshes once (one rotation in flight however many calls notice) and retries. The
// calls are built per area (`*-methods.ts`); the refresh rule lives in session.ts.
import type { DeviceInput } from '../../shared/schemas.ts';
import { accountMethods } from './account-methods.ts';
import type { ClientContext } from './client-context.ts';
import type { LatchkeyClient } from './client-interface.ts';
import { deviceMethods } from './device-methods.ts';
import { deviceSignInMethods } from './device-sign-in-methods.ts';
import { connectEvents, type WebSocketConstructor } from './events.ts';
import { magicLinkMethods } from './magic-link-methods.ts';
import { passkeyMethods } from './passkey-methods.ts';
import { TokenSession } from './session.ts';
import { signInMethods } from './sign-in-methods.ts';
import { memoryStorage, type LatchkeyStorage } from './storage.ts';
import { totpMethods } from './totp-methods.ts';
import { createTransport, type FetchLike } from './transport.ts';

export interface LatchkeyClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7420`. */
  url: string;
  /** Where tokens and the device id live between calls (and restarts); memory by default. */
  storage?: LatchkeyStorage | undefined;
  /**
   * This device's facts, sent with every sign-in. Without an `id`, the id the server gives the
   * device at its first sign-in is stored and sent from then on.
   */
  device?: Omit<DeviceInput, 'trustToken'> | undefined;
  /** Defaults to the global fetch. */
  fetch?: FetchLike | undefined;
  /** Defaults to the global WebSocket (live events only). */
  WebSocket?: WebSocketConstructor | undefined;
  /** A request with no answer after this long fails as a network error. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Sent as Accept-Language: the language of the server's error messages. */
  locale?: string | undefined;
  /** This device's clock, in ms since the epoch (access-token expiry is judged by it). */
  now?: (() => number) | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createLatchkeyClient(options: LatchkeyClientOptions): LatchkeyClient {
  const url = options.url.replace(/\/+$/, '');
  const transport = createTransport({
    baseUrl: url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    locale: options.locale,
  });
  const session = new TokenSession({
    storage: options.storage ?? memoryStorage(),
    transport,
    device: options.device,
    now: options.now ?? (() => Date.now()),
  });
  const context: ClientContext = { url, transport, session, WebSocket: options.WebSocket };

  return {
    url,
    ...signInMethods(context),
    ...magicLinkMethods(context),
    ...deviceSignInMethods(context),
    ...passkeyMethods(context),
    ...accountMethods(context),
    ...deviceMethods(context),
    ...totpMethods(context),
    connectEvents: (handlers) => connectEvents(session, { baseUrl: url, WebSocket: options.WebSocket }, handlers),
    accessToken: async () => ((await session.hasTokens()) ? session.accessToken() : undefined),
    isSignedIn: () => session.hasTokens(),
  };
}
