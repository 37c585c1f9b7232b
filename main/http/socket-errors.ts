// A peer's bad frame on a WebSocket (over maxPayload, invalid UTF-8, a reserved opcode): ws has
// already begun the close with the matching code (1009, 1007, 1002) and then emits 'error', which
// with no listener would throw and stop the whole server. The hub releases the socket on its
// 'close', as for any other; it still counts against the caps until then (ws ends it within 30 s).
// The client's fault: logged at debug level like an aborted request (docs/http.md), by code only.
import type { WebSocket } from 'ws';
import type { Logger } from '../server/logger.ts';

export function logPeerErrors(ws: WebSocket, logger: Logger, path: string): void {
  ws.on('error', (error: Error & { code?: string }) => {
    logger.log('debug', 'websocket closed on a bad frame', { path, code: error.code ?? error.name });
  });
}
