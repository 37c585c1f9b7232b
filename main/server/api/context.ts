// What a transport tells the router about one call. Transports build this and nothing else:
// all auth logic stays in the procedures.
import type { Locale } from '../../../shared/errors.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { Services, UserExtras } from '../services.ts';
import type { LiveSession } from '../sessions/sessions.ts';
import type { AccessClaims } from '../tokens/jwt.ts';

export type Transport = 'ipc' | 'http' | 'internal';

export interface RequestInfo {
  transport: Transport;
  locale: Locale;
  ipAddress?: string | undefined;
  userAgent?: string | undefined;
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

export interface Context {
  services: Services;
  request: RequestInfo;
}

export interface AuthedContext extends Context {
  /** The live session behind the access token, its claims, and the user's extras as of this call. */
  auth: LiveSession & { claims: AccessClaims; extras: UserExtras };
}
