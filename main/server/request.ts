// What a transport tells the server about one call: the facts of the request, below every domain
// module and the router alike. Transports build this and nothing else: all auth logic stays in
// the procedures.
import type { Locale } from '../../shared/errors.ts';
import type { DeviceInput } from '../../shared/schemas.ts';

export type Transport = 'ipc' | 'http' | 'internal';

export interface RequestInfo {
  transport: Transport;
  locale: Locale;
  ipAddress?: string | undefined;
  userAgent?: string | undefined;
  /** Over HTTP: the origin the request came to (scheme and its checked Host), for links in mail. */
  origin?: string | undefined;
  /** Device facts from the transport: HTTP headers, or this machine's identity over IPC. */
  device?: DeviceInput | undefined;
  /** Over IPC the main process vouches for the device; the caller cannot send another. */
  deviceFromTransport?: boolean | undefined;
  /**
   * Over IPC main keeps the device trust tokens (the renderer never sees them) and offers the one
   * it holds for the user signing in; over HTTP the client sends its own as `device.trustToken`.
   */
  deviceTrustToken?: ((userId: number) => string | undefined) | undefined;
  /** The bearer access token, without the "Bearer " prefix. */
  accessToken?: string | undefined;
  /** Set only by the in-process admin caller (CLI, host app): admin procedures without a token. */
  internalAdmin?: boolean | undefined;
}
