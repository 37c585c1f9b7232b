// The one source of live news the server owns. Domain code publishes on `services.events` (kinds
// below); transports that push news (the WebSocket at /v1/events, main's app session over IPC)
// subscribe through `auth.events`, which delivers each event only once the change behind it is on
// disk, and lets them check who may listen without reaching into the server's internals.
// A new kind of news: add it to LiveEventMap, emit it from the domain, subscribe in the transport.
import type { EventEmitter } from 'node:events';
import type { AuthedContext, Context } from './call.ts';
import type { RequestInfo } from './request.ts';
import type { AccountEvent, DeviceCodeDecided, Services } from './services.ts';
import { loadLiveSession } from './sessions/sessions.ts';

/** What the server publishes, by kind: `services.events.emit(kind, …args)`. */
export interface LiveEventMap {
  /** A user's sessions, devices or account changed. */
  account: [AccountEvent];
  /** A device code was approved or denied on a phone: the kiosk waiting on it hears at once. */
  deviceCode: [DeviceCodeDecided];
  /** Dev mode emptied the database (`dev.reset`): every live stream ends. */
  reset: [];
}

export type LiveEventEmitter = EventEmitter<LiveEventMap>;

/** A listener the server admitted: the live session behind an access token. */
export interface LiveListener {
  userId: number;
  sessionId: string;
  /** Epoch ms at which the access token presented expires. */
  expiresAt: number;
}

export interface LiveEvents {
  /** Calls `listener` with each event of `kind`, once its change is durable; returns the unsubscribe. */
  on<K extends keyof LiveEventMap>(kind: K, listener: (...args: LiveEventMap[K]) => void): () => void;
  /**
   * Calls `listener` when another connection (the CLI, a second server) committed to the database,
   * which raises no event here; the first call comes at once, for changes made before subscribing.
   * Polls only while someone listens.
   */
  onExternalChange(listener: () => void): () => void;
  /** The request's access token checked as any call's is (signature, claims, live session); throws UNAUTHORIZED. */
  admit(request: RequestInfo): Promise<LiveListener>;
  /** Whether a session is still live: a revoked, idle or expired one ends its listeners' streams. */
  isLive(sessionId: string): boolean;
}

/** How often a watcher looks for writes by other connections (a cheap pragma read). */
const EXTERNAL_POLL_MS = 300;
const noop = () => {};

/** `authenticate` is the router's own check (main/server/api/authenticate.ts), handed in by createAuthServer. */
export function liveEvents(
  services: Services,
  authenticate: (ctx: Context) => Promise<AuthedContext['auth']>,
): LiveEvents {
  const watchers = new Set<() => void>();
  let poll: NodeJS.Timeout | undefined;
  let dataVersion = -1;
  const stopPolling = () => {
    clearInterval(poll);
    poll = undefined;
  };
  const checkExternal = () => {
    const { db } = services;
    if (watchers.size === 0 || !db.open) return stopPolling();
    // Changes only when another connection commits; this process's own writes raise events.
    const version = db.pragma('data_version', { simple: true }) as number;
    if (version === dataVersion) return;
    dataVersion = version;
    for (const watcher of [...watchers]) watcher();
  };
  return {
    on(kind, listener) {
      // Like any answer, news of a change goes out only once the change is on disk (group commit).
      const deliver = (...args: unknown[]) =>
        void services.commits.durable().then(() => (listener as (...a: unknown[]) => void)(...args), noop);
      // Typed per kind by the signature above; the emitter itself takes any kind.
      const emitter = services.events as unknown as EventEmitter;
      emitter.on(kind, deliver);
      return () => emitter.off(kind, deliver);
    },
    onExternalChange(listener) {
      watchers.add(listener);
      if (!poll) {
        // -1: the first tick calls every watcher, covering a change made while it subscribed.
        dataVersion = -1;
        poll = setInterval(checkExternal, EXTERNAL_POLL_MS).unref();
      }
      return () => {
        watchers.delete(listener);
        if (watchers.size === 0) stopPolling();
      };
    },
    async admit(request) {
      const live = await authenticate({ services, request });
      return { userId: live.user.id, sessionId: live.session.id, expiresAt: live.claims.exp * 1000 };
    },
    isLive(sessionId) {
      const { db, clock, lifetimes } = services;
      return loadLiveSession(db, sessionId, clock.now(), lifetimes) !== undefined;
    },
  };
}
