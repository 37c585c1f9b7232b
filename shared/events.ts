// The live events WebSocket (/v1/events) contract shared by the server and its clients: the close
// codes that say why the server ended a stream, and the one message a client may send.

/** The connection's session ended (revoked, signed out, idle or expired, account deleted). */
export const SESSION_ENDED = 4001;
/**
 * The access token the stream runs on expired before the client sent a fresher one. The session
 * may still be live: refresh, then reconnect with the new access token.
 */
export const TOKEN_EXPIRED = 4401;
/**
 * An `auth` message carried a token that is not a valid access token for the same user and
 * session (forged, expired, another user's or another session's). Not retried with that token.
 */
export const TOKEN_REJECTED = 4403;

/**
 * Client → server: a fresher access token for the same session, to keep the stream open past the
 * expiry of the token it was opened with. The server answers `{"type":"auth.ok","expiresAt":…}`.
 */
export interface EventsAuthMessage {
  type: 'auth';
  token: string;
}

/** The server's answer to an accepted `auth` message: when the stream's token now expires. */
export interface EventsAuthAccepted {
  type: 'auth.ok';
  expiresAt: string;
}

/** Where a kiosk waiting for a phone listens (no access token: it has none yet). */
export const DEVICE_CODE_EVENTS_PATH = '/v1/device-code/events';

/**
 * The kiosk's own socket at /v1/device-code/events: no access token (the kiosk has none yet). Its
 * first message names the sign-in it waits for by its device code, which stays out of the URL.
 */
export interface DeviceCodeSubscribeMessage {
  type: 'device-code';
  deviceCode: string;
}

/** Server → kiosk on that socket: the sign-in is waiting; then it was approved or denied (then close). */
export type DeviceCodeEvent =
  | { type: 'device-code.pending'; expiresAt: string }
  | { type: 'device-code.approved' }
  | { type: 'device-code.denied' };

/** The device code is unknown, already used, or expired (also sent when it expires while waiting). */
export const DEVICE_CODE_ENDED = 4410;
