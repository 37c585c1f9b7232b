// Live events over WebSocket at /v1/events: an adapter over the server's one source of live news
// (`auth.events`, main/server/live-events.ts). It only admits, subscribes and forwards: each
// connection belongs to one live session and receives its user's session and device changes as
// they happen. Browsers cannot set headers on a WebSocket, so the access token may come as ?token=
// (never a refresh token; never logged). Changes committed by another process on the same database
// (the CLI revoking a session, a second server) raise no event; while sockets are open the server
// reports such writes and every socket's session is looked at again. A connection also lives no
// longer than its access token: at the token's exp it closes with TOKEN_EXPIRED unless the client
// has sent a fresher token for the same session as {"type":"auth","token":…}; a token that does not
// pass closes it with TOKEN_REJECTED (docs/security.md R78). Open sockets are capped per account
// and in all (docs/configuration.md, fixed caps).
// Another kind of news: subscribe to it in #subscribe() and forward it like #publishAccount.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type * as WsModule from 'ws';
import type { RequestInfo } from '../server/request.ts';
import { SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED, type EventsAuthAccepted } from '../../shared/events.ts';
import { toIso } from '../server/clock.ts';
import type { LiveEvents, LiveListener } from '../server/live-events.ts';
import type { AuthServer } from '../server/server.ts';
import type { Logger } from '../server/logger.ts';
import type { AccountEvent } from '../server/services.ts';
import { AuthError } from '../server/errors.ts';
import { lazyRequire } from '../server/lazy-require.ts';
import { rejectUpgrade } from './respond.ts';
import { logPeerErrors } from './socket-errors.ts';
import { refuseIfCapped, type SocketCaps } from './socket-caps.ts';
import { authMessageToken } from './events-auth-message.ts';

// ws, and the zlib, tls and https it requires, load with the first connection, not at start.
const loadWs = lazyRequire<typeof WsModule>('ws');

export { SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED };
const PING_MS = 30_000;
/** The longest delay setTimeout takes; a later expiry is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Big enough for an access token in an auth message, small enough to be no use for anything else. */
const MAX_MESSAGE_BYTES = 4096;
/** Open sockets per account (a few per device is plenty) and in all, as the kiosk's are capped. */
const CAPS: SocketCaps = { perHolder: 20, total: 1000 };

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
  readonly #logger: Logger;
  readonly #events: LiveEvents;
  #wss: WebSocketServer | undefined;
  #closed = false;
  readonly #byUser = new Map<number, Set<Subscriber>>();
  /** Open sockets, all accounts together. */
  #sockets = 0;
  readonly #unsubscribe: Array<() => void>;
  readonly #ping: NodeJS.Timeout;
  #stopExternalWatch: (() => void) | undefined;
  readonly #stopClockWatch: (() => void) | undefined;

  constructor(auth: AuthServer, logger: Logger) {
    this.#auth = auth;
    this.#logger = logger;
    this.#events = auth.events;
    this.#unsubscribe = this.#subscribe(auth.events);
    this.#ping = setInterval(() => this.#heartbeat(), PING_MS).unref();
    // A clock that jumps (tests, dev mode) may pass an expiry well before its timer fires.
    this.#stopClockWatch = auth.services.clock.onMove?.(() => this.#checkAllExpiries());
  }

  /** The server's news this socket forwards; each entry returns its unsubscribe. */
  #subscribe(events: LiveEvents): Array<() => void> {
    return [
      events.on('account', (event) => this.#publishAccount(event)),
      // Dev mode emptied the database: no stream outlives it.
      events.on('reset', () => this.closeAll()),
    ];
  }

  /** Authenticates, then upgrades; a refused upgrade gets a 401 in the envelope. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, request: RequestInfo): Promise<void> {
    let live: LiveListener;
    try {
      live = await this.#events.admit(request);
    } catch (error) {
      rejectUpgrade(socket, error, request.locale, this.#closed);
      return;
    }
    // close() ran while the token was checked: the server's stop waits for this socket, so end it.
    if (this.#closed) {
      rejectUpgrade(socket, new AuthError('SERVICE_UNAVAILABLE'), request.locale, true);
      return;
    }
    const { userId } = live;
    const open = { holder: this.#byUser.get(userId)?.size ?? 0, total: this.#sockets };
    if (refuseIfCapped(socket, request.locale, CAPS, open)) return;
    const wss = (this.#wss ??= new (loadWs().WebSocketServer)({ noServer: true, maxPayload: MAX_MESSAGE_BYTES }));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = {
        socket: ws,
        userId,
        sessionId: live.sessionId,
        alive: true,
        expiresAt: live.expiresAt,
        expiryTimer: undefined,
        verifying: undefined,
        request: { ...request, accessToken: undefined },
      };
      let set = this.#byUser.get(userId);
      if (!set) this.#byUser.set(userId, (set = new Set()));
      set.add(subscriber);
      this.#sockets++;
      ws.on('pong', () => (subscriber.alive = true));
      ws.on('message', (data, isBinary) => this.#onMessage(subscriber, String(data), isBinary));
      ws.on('close', () => {
        this.#sockets--;
        clearTimeout(subscriber.expiryTimer);
        set.delete(subscriber);
        if (set.size === 0) this.#byUser.delete(userId);
        if (this.#byUser.size === 0) this.#stopWatchingExternalChanges();
      });
      logPeerErrors(ws, this.#logger, '/v1/events');
      this.#send(ws, { type: 'ready', sessionId: live.sessionId, expiresAt: toIso(subscriber.expiresAt) });
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
    let live: LiveListener | undefined;
    try {
      live = await this.#events.admit({ ...subscriber.request, accessToken: token });
    } catch {
      live = undefined;
    }
    if (socket.readyState !== socket.OPEN) return;
    if (!live || live.userId !== subscriber.userId || live.sessionId !== subscriber.sessionId) {
      // A token refused because this very session has ended says so with the session's own code.
      if (!this.#closeIfEnded(subscriber)) socket.close(TOKEN_REJECTED, 'token rejected');
      return;
    }
    subscriber.expiresAt = Math.max(subscriber.expiresAt, live.expiresAt);
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

  /** While any socket is open, the server reports writes by other connections. */
  #watchExternalChanges(): void {
    this.#stopExternalWatch ??= this.#events.onExternalChange(() => this.#checkExternalChanges());
  }

  #stopWatchingExternalChanges(): void {
    this.#stopExternalWatch?.();
    this.#stopExternalWatch = undefined;
  }

  #checkExternalChanges(): void {
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

  #publishAccount(event: AccountEvent): void {
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
    return this.#events.isLive(subscriber.sessionId);
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
    this.#closed = true;
    clearInterval(this.#ping);
    this.#stopClockWatch?.();
    this.#stopWatchingExternalChanges();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.closeAll();
    this.#wss?.close();
  }
}
