// A request the client gave up on (hung up mid-body, or was too slow and timed out) is not a
// server failure: it is logged at debug, so a crowd of slow or dropped sockets cannot flood the
// error log. Anything else that escapes a handler is still an error.
import type { IncomingMessage } from 'node:http';

/** Error codes node gives a request whose connection went away or timed out. */
const CLIENT_GONE = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP_REQUEST_TIMEOUT',
]);

/** Why the client went away (for the debug line), or undefined when the failure is the server's. */
export function clientAbortReason(error: unknown, req: IncomingMessage): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CLIENT_GONE.has(code)) return code;
  // Node's body stream fails with a plain "aborted" when the peer closes before the body ends.
  if (error instanceof Error && error.message === 'aborted') return 'aborted';
  if (req.destroyed && !req.complete) return 'aborted';
  return undefined;
}
