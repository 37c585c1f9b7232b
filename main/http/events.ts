// Live account events over WebSocket at /v1/events: each connection belongs to one live session
// and receives its user's session and device changes as they happen. Browsers cannot set headers
// on a WebSocket, so the access token may come as ?token= (never a refresh token; never logged).
// Changes committed by another process on the same database (the CLI revoking a session or
// disabling a user, a second server) raise no event here; while sockets are open the hub polls
// SQLite's data_version and, when another connection has written, re-checks every socket's session.
// A connection also lives no longer than its access token: at the token's exp it closes with
// TOKEN_EXPIRED unless the client has sent a fresher token for the same session as
// {"type":"auth","token":…}; a token that does not pass closes it with TOKEN_REJECTED
// (docs/security.md R78).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type * as WsModule from 'ws';
import { authenticate } from '../server/api/authenticate.ts';
import type { RequestInfo } from '../server/request.ts';
import {
  SESSION_ENDED,
  TOKEN_EXPIRED,
  TOKEN_REJECTED,
  type EventsAuthAccepted,
  type EventsAuthMessage,
} from '../../shared/events.ts';
import { toIso } from '../server/clock.ts';
import { loadLiveSession } from '../server/sessions/sessions.ts';
import type { AuthServer } from '../server/server.ts';
import type { AccountEvent } from '../server/services.ts';
import { lazyRequire } from '../server/lazy-require.ts';
import { rejectUpgrade } from './respond.ts';

// ws, and the zlib, tls and https it requires, load with the first connection, not at start.
const loadWs = lazyRequire<typeof WsModule>('ws');

export { SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED };
const PING_MS = 30_000;
/** The longest delay setTimeout takes; a later expiry is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Big enough for an access token in an auth message, small enough to be no use for anything else. */
const MAX_MESSAGE_BYTES = 4096;
/** How often open sockets look for writes by other connections (a cheap pragma read). */
const EXTERNAL_POLL_MS = 300;

interface Subscriber {
  socket: WebSocket;
  userId: number;
  sessionId: string;
  alive: boolean;
  /** Epoch ms at which the newest access token this connection presented expires. */
  expiresAt: number;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The auth messages still being verified, in order: expiry waits for them. */
  verifying: Promise<void> | undefined;
  /** What the upgrade request told us (address, locale), reused to verify later tokens. */
  request: RequestInfo;
}

export class EventHub {
  readonly #auth: AuthServer;
  #wss: WebSocketServer | undefined;
  readonly #byUser = new Map<number, Set<Subscriber>>();
  readonly #unsubscribe: () => void;
  readonly #ping: NodeJS.Timeout;
  #watch: NodeJS.Timeout | undefined;
  #dataVersion = -1;
  readonly #stopClockWatch: (() => void) | undefined;

  constructor(auth: AuthServer) {
    this.#auth = auth;
    this.#unsubscribe = auth.onAccountEvent((event) => this.#publish(event));
    this.#ping = setInterval(() => this.#heartbeat(), PING_MS).unref();
    // A clock that jumps (tests, dev mode) may pass an expiry well before its timer fires.
    this.#stopClockWatch = auth.services.clock.onMove?.(() => this.#checkAllExpiries());
  }

  /** Authenticates, then upgrades; a refused upgrade gets a 401 in the envelope. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, request: RequestInfo): Promise<void> {
    let live;
    try {
      live = await authenticate({ services: this.#auth.services, request });
    } catch (error) {
      rejectUpgrade(socket, error, request.locale);
      return;
    }
    const userId = live.user.id;
    const wss = (this.#wss ??= new (loadWs().WebSocketServer)({ noServer: true, maxPayload: MAX_MESSAGE_BYTES }));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = {
        socket: ws,
        userId,
        sessionId: live.session.id,
        alive: true,
        expiresAt: live.claims.exp * 1000,
        expiryTimer: undefined,
        verifying: undefined,
        request: { ...request, accessToken: undefined },
      };
      let set = this.#byUser.get(userId);
      if (!set) this.#byUser.set(userId, (set = new Set()));
      set.add(subscriber);
      ws.on('pong', () => (subscriber.alive = true));
      ws.on('message', (data, isBinary) => this.#onMessage(subscriber, String(data), isBinary));
      ws.on('close', () => {
        clearTimeout(subscriber.expiryTimer);
        set.delete(subscriber);
        if (set.size === 0) this.#byUser.delete(userId);
      });
      this.#send(ws, { type: 'ready', sessionId: live.session.id, expiresAt: toIso(subscriber.expiresAt) });
      this.#scheduleExpiry(subscriber);
      this.#watchExternalChanges();
    });
  }

  /** The only message a client sends: a fresher access token. Anything else ends the connection. */
  #onMessage(subscriber: Subscriber, data: string, isBinary: boolean): void {
    const token = isBinary ? undefined : authMessageToken(data);
    if (token === undefined) {
      subscriber.socket.close(1003, 'only auth messages are accepted');
      return;
    }
    // One at a time and in order, so a slow check cannot let an older token win over a newer one.
    const previous = subscriber.verifying ?? Promise.resolve();
    const verifying = previous
      .then(() => this.#reauthenticate(subscriber, token))
      .catch(() => subscriber.socket.close(1011, 'internal error'));
    subscriber.verifying = verifying;
    void verifying.finally(() => {
      if (subscriber.verifying === verifying) subscriber.verifying = undefined;
    });
  }

  /** Verified in full, as a request would be: signature, claims, live session, same user and session. */
  async #reauthenticate(subscriber: Subscriber, token: string): Promise<void> {
    const { socket } = subscriber;
    if (socket.readyState !== socket.OPEN) return;
    let live;
    try {
      live = await authenticate({
        services: this.#auth.services,
        request: { ...subscriber.request, accessToken: token },
      });
    } catch {
      live = undefined;
    }
    if (socket.readyState !== socket.OPEN) return;
    if (!live || live.user.id !== subscriber.userId || live.session.id !== subscriber.sessionId) {
      // A token refused because this very session has ended says so with the session's own code.
      if (!this.#closeIfEnded(subscriber)) socket.close(TOKEN_REJECTED, 'token rejected');
      return;
    }
    subscriber.expiresAt = Math.max(subscriber.expiresAt, live.claims.exp * 1000);
    this.#scheduleExpiry(subscriber);
    const accepted: EventsAuthAccepted = { type: 'auth.ok', expiresAt: toIso(subscriber.expiresAt) };
    this.#send(socket, accepted);
  }

  /** A timer for the token's expiry; when it fires, the clock decides (it may have been moved). */
  #scheduleExpiry(subscriber: Subscriber): void {
    clearTimeout(subscriber.expiryTimer);
    subscriber.expiryTimer = undefined;
    const delay = subscriber.expiresAt - this.#auth.services.clock.now();
    if (delay <= 0) {
      this.#checkExpiry(subscriber);
      return;
    }
    const fire = () => {
      subscriber.expiryTimer = undefined;
      this.#checkExpiry(subscriber);
    };
    subscriber.expiryTimer = setTimeout(fire, Math.min(delay, MAX_TIMER_MS)).unref();
  }

  #checkExpiry(subscriber: Subscriber): void {
    const { socket } = subscriber;
    if (socket.readyState !== socket.OPEN) return;
    if (this.#auth.services.clock.now() < subscriber.expiresAt) {
      if (!subscriber.expiryTimer) this.#scheduleExpiry(subscriber);
      return;
    }
    // A fresher token already received may still be in verification: its outcome decides.
    if (subscriber.verifying) {
      void subscriber.verifying.then(() => this.#checkExpiry(subscriber));
      return;
    }
    clearTimeout(subscriber.expiryTimer);
    subscriber.expiryTimer = undefined;
    socket.close(TOKEN_EXPIRED, 'token expired');
  }

  #checkAllExpiries(): void {
    for (const set of this.#byUser.values()) for (const subscriber of set) this.#checkExpiry(subscriber);
  }

  /** Polls while any socket is open; stops by itself when the last one closes. */
  #watchExternalChanges(): void {
    if (this.#watch) return;
    // -1: the first tick re-checks, covering a change made while this socket was being opened.
    this.#dataVersion = -1;
    this.#watch = setInterval(() => this.#checkExternalChanges(), EXTERNAL_POLL_MS).unref();
  }

  #checkExternalChanges(): void {
    const { db } = this.#auth.services;
    if (this.#byUser.size === 0 || !db.open) {
      clearInterval(this.#watch);
      this.#watch = undefined;
      return;
    }
    // Changes only when another connection commits; this process's own writes raise events.
    const version = db.pragma('data_version', { simple: true }) as number;
    if (version === this.#dataVersion) return;
    this.#dataVersion = version;
    const at = toIso(this.#auth.services.clock.now());
    for (const set of this.#byUser.values()) {
      for (const subscriber of set) {
        if (subscriber.socket.readyState !== subscriber.socket.OPEN) continue;
        if (this.#sessionIsLive(subscriber)) continue;
        this.#send(subscriber.socket, { type: 'session.revoked', sessionId: subscriber.sessionId, at });
        subscriber.socket.close(SESSION_ENDED, 'session ended');
      }
    }
  }

  #publish(event: AccountEvent): void {
    const subscribers = this.#byUser.get(event.userId);
    if (!subscribers) return;
    const message = {
      type: event.kind,
      ...(event.sessionId ? { sessionId: event.sessionId } : {}),
      ...(event.deviceId ? { deviceId: event.deviceId } : {}),
      at: toIso(this.#auth.services.clock.now()),
    };
    const mayEnd = event.kind === 'session.revoked' || event.kind === 'device.revoked';
    for (const subscriber of subscribers) {
      this.#send(subscriber.socket, message);
      if (mayEnd) this.#closeIfEnded(subscriber);
    }
  }

  /** A connection lives only as long as its session: revoked, expired or idle ends it. */
  #closeIfEnded(subscriber: Subscriber): boolean {
    if (this.#sessionIsLive(subscriber)) return false;
    subscriber.socket.close(SESSION_ENDED, 'session ended');
    return true;
  }

  #sessionIsLive(subscriber: Subscriber): boolean {
    const { db, clock, lifetimes } = this.#auth.services;
    return loadLiveSession(db, subscriber.sessionId, clock.now(), lifetimes) !== undefined;
  }

  #send(ws: WebSocket, message: object): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  #heartbeat(): void {
    for (const set of this.#byUser.values()) {
      for (const subscriber of set) {
        if (!subscriber.alive) {
          subscriber.socket.terminate();
          continue;
        }
        if (this.#closeIfEnded(subscriber)) continue;
        subscriber.alive = false;
        subscriber.socket.ping();
      }
    }
  }

  /** Closes every connection (dev reset, shutdown). */
  closeAll(code = 1001, reason = 'server going away'): void {
    for (const set of this.#byUser.values()) for (const { socket } of set) socket.close(code, reason);
  }

  close(): void {
    clearInterval(this.#ping);
    this.#stopClockWatch?.();
    clearInterval(this.#watch);
    this.#watch = undefined;
    this.#unsubscribe();
    this.closeAll();
    this.#wss?.close();
  }
}

/** The token of a well-formed `{"type":"auth","token":"…"}` message, or undefined. */
function authMessageToken(data: string): string | undefined {
  let message: Partial<EventsAuthMessage> | null;
  try {
    message = JSON.parse(data) as Partial<EventsAuthMessage> | null;
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || message.type !== 'auth') return undefined;
  return typeof message.token === 'string' && message.token !== '' ? message.token : undefined;
}
