// A client of the live events WebSocket (/v1/events) for tests: messages wait in a queue until a
// test asks for the next of a type, and `closed` answers the server's close code and reason.
import WebSocket from 'ws';

export interface EventSocket {
  socket: WebSocket;
  next(type: string): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  /** A ping answered: everything the server sent before it has arrived. */
  roundTrip(): Promise<void>;
}

/**
 * Opens the socket with the token as `?token=`, an `Authorization` header, or both; rejects on a
 * refused upgrade. `path` opens another socket of the server (the kiosk's /v1/device-code/events).
 */
export function openEvents(
  url: string,
  options: { token?: string; header?: string; origin?: string; path?: string },
): Promise<EventSocket> {
  const wsUrl = `${url.replace('http', 'ws')}${options.path ?? '/v1/events'}${options.token ? `?token=${options.token}` : ''}`;
  const headers: Record<string, string> = {};
  if (options.header) headers.authorization = `Bearer ${options.header}`;
  if (options.origin) headers.origin = options.origin;
  const socket = new WebSocket(wsUrl, { headers });
  const seen: Array<Record<string, unknown>> = [];
  const waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(message);
    else seen.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const events: EventSocket = {
    socket,
    closed,
    next: (type) => {
      const index = seen.findIndex((m) => m.type === type);
      if (index >= 0) return Promise.resolve(seen.splice(index, 1)[0]!);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
    roundTrip: () =>
      new Promise((resolve, reject) => {
        if (socket.readyState !== WebSocket.OPEN) return reject(new Error('socket not open'));
        socket.once('pong', () => resolve());
        socket.ping();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(events));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
}
