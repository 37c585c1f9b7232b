// Live account events over WebSocket at /v1/events: each connection belongs to one live session
// and receives its user's session and device changes as they happen. Browsers cannot set headers
// on a WebSocket, so the access token may come as ?token= (never a refresh token; never logged).
// Changes committed by another process on the same database (the CLI revoking a session or
// disabling a user, a second server) raise no event here; while sockets are open the hub polls
// SQLite's data_version and, when another connection has written, re-checks every socket's session.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type * as WsModule from 'ws';
import { authenticate } from '../server/api/authenticate.ts';
import type { RequestInfo } from '../server/api/context.ts';
import { toIso } from '../server/clock.ts';
import { loadLiveSession } from '../server/sessions/sessions.ts';
import type { AuthServer } from '../server/server.ts';
import type { AccountEvent } from '../server/services.ts';
import { lazyRequire } from '../server/lazy-require.ts';
import { rejectUpgrade } from './respond.ts';

// ws, and the zlib, tls and https it requires, load with the first connection, not at start.
const loadWs = lazyRequire<typeof WsModule>('ws');

/** Close code when the connection's session ends (revoked, signed out, account deleted). */
export const SESSION_ENDED = 4001;
const PING_MS = 30_000;
/** How often open sockets look for writes by other connections (a cheap pragma read). */
const EXTERNAL_POLL_MS = 300;

interface Subscriber {
  socket: WebSocket;
  sessionId: string;
  alive: boolean;
}

export class EventHub {
  readonly #auth: AuthServer;
  #wss: WebSocketServer | undefined;
  readonly #byUser = new Map<number, Set<Subscriber>>();
  readonly #unsubscribe: () => void;
  readonly #ping: NodeJS.Timeout;
  #watch: NodeJS.Timeout | undefined;
  #dataVersion = -1;

  constructor(auth: AuthServer) {
    this.#auth = auth;
    this.#unsubscribe = auth.onAccountEvent((event) => this.#publish(event));
    this.#ping = setInterval(() => this.#heartbeat(), PING_MS).unref();
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
    const wss = (this.#wss ??= new (loadWs().WebSocketServer)({ noServer: true, maxPayload: 1024 }));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = { socket: ws, sessionId: live.session.id, alive: true };
      let set = this.#byUser.get(userId);
      if (!set) this.#byUser.set(userId, (set = new Set()));
      set.add(subscriber);
      ws.on('pong', () => (subscriber.alive = true));
      ws.on('message', () => ws.close(1003, 'this channel only sends'));
      ws.on('close', () => {
        set.delete(subscriber);
        if (set.size === 0) this.#byUser.delete(userId);
      });
      this.#send(ws, { type: 'ready', sessionId: live.session.id });
      this.#watchExternalChanges();
    });
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
    clearInterval(this.#watch);
    this.#watch = undefined;
    this.#unsubscribe();
    this.closeAll();
    this.#wss?.close();
  }
}
