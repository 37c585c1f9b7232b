// Live account events over the WebSocket at /v1/events. The access token goes in the query (a
// browser WebSocket cannot send headers); when the client refreshes, the open socket gets the new
// token as `{"type":"auth","token":…}` so the stream outlives the token it was opened with.
import { SESSION_ENDED, type EventsAuthAccepted } from '../../shared/events.ts';
import type { LiveEvent } from '../../shared/types.ts';
import { LatchkeyNetworkError } from './errors.ts';
import { notSignedIn, type TokenSession } from './session.ts';

// Method syntax makes the parameter bivariant, so the platforms' richer event types fit.
type Handler<E> = { handle(event: E): void }['handle'];

/** The part of a WebSocket the client uses; the standard one (browsers, React Native, Node ≥ 22) fits. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface EventHandlers {
  onEvent(event: LiveEvent): void;
  /** After the stream was ready; `sessionEnded` when the server ended it because the session did. */
  onClose?(info: { code: number; reason: string; sessionEnded: boolean }): void;
}

export interface EventStream {
  /** The session this stream belongs to (from the server's `ready` message). */
  readonly sessionId: string;
  close(): void;
}

export function eventsUrl(baseUrl: string, accessToken: string): string {
  const base = baseUrl.replace(/\/+$/, '').replace(/^http/i, 'ws');
  return `${base}/v1/events?token=${encodeURIComponent(accessToken)}`;
}

export async function connectEvents(
  session: TokenSession,
  options: { baseUrl: string; WebSocket: WebSocketConstructor | undefined },
  handlers: EventHandlers,
): Promise<EventStream> {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Socket) throw new Error('No WebSocket here: pass one as the WebSocket option of createLatchkeyClient.');
  const token = await session.accessToken();
  if (!token) throw notSignedIn();
  try {
    return await open(Socket, session, options.baseUrl, token, handlers);
  } catch (error) {
    // A refused upgrade looks like any failed socket; a stale token is the likely cause, so try a
    // fresh one once (the refresh itself reports a refusal or a network failure precisely).
    if (!(await session.hasTokens())) throw error;
    const fresh = await session.refreshAfter(token);
    return open(Socket, session, options.baseUrl, fresh, handlers);
  }
}

function open(
  Socket: WebSocketConstructor,
  session: TokenSession,
  baseUrl: string,
  token: string,
  handlers: EventHandlers,
): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const socket = new Socket(eventsUrl(baseUrl, token));
    let ready = false;
    const stopListening = session.onAccessToken((accessToken) => {
      if (socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'auth', token: accessToken }));
    });
    socket.onmessage = (message) => {
      const event = parseEvent(message.data);
      if (!event || event.type === 'auth.ok') return; // the server took a fresher token: nothing changed
      if (!ready && event.type === 'ready') {
        ready = true;
        resolve({ sessionId: event.sessionId, close: () => socket.close(1000, 'client closed') });
      }
      handlers.onEvent(event);
    };
    socket.onerror = () => {
      // The close event follows with the code; nothing to add here.
    };
    socket.onclose = ({ code, reason }) => {
      stopListening();
      if (!ready) reject(new LatchkeyNetworkError(`the event stream closed before it was ready (${code})`));
      else handlers.onClose?.({ code, reason, sessionEnded: code === SESSION_ENDED });
    };
  });
}

function parseEvent(data: unknown): LiveEvent | EventsAuthAccepted | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
      ? (value as LiveEvent | EventsAuthAccepted)
      : undefined;
  } catch {
    return undefined;
  }
}
