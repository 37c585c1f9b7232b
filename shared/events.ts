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
