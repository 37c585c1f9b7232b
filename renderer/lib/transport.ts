// How the screens reach the server. The screens never know which transport they have: over HTTP
// (a browser, a phone) calls go to /trpc with a bearer token and events come over a WebSocket;
// in Electron both ride the preload bridge and main holds the tokens.
import { createTRPCClient, httpBatchLink, type TRPCLink } from '@trpc/client';
import type { AppInfo, BridgeAccountEvent, LatchkeyBridge } from '../../shared/bridge.ts';
import type * as z from 'zod';
import type { DeviceInput } from '../../shared/schemas.ts';
import type { appSessionStateSchema, devMailMessageSchema, rememberMeStateSchema } from '../../shared/outputs.ts';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { IpcRouter } from '../../main/ipc/ipc-router.ts';
import { SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED, type EventsAuthMessage } from '../../shared/events.ts';
import { watchDeviceCode, type DeviceCodeWatch } from '../../shared/device-code-watch.ts';
import { bridgeLink } from './bridge-link.ts';
import { browserDevice, rememberDeviceId, rememberTrustToken, storedTrustToken } from './device.ts';

export type AccountEventMessage = BridgeAccountEvent;

export interface EventHandlers {
  onEvent(event: AccountEventMessage): void;
  /** The server closed the stream because this session ended (revoked, signed out elsewhere). */
  onSessionEnded(): void;
  /**
   * HTTP: the server closed the stream because its access token expired (or refused the one
   * sent): refresh, then hand the new token to `sendToken`, which reconnects.
   */
  onTokenExpired?(): void;
}

/**
 * Stops listening. Over HTTP it also takes each fresher access token (`sendToken`): an open
 * stream gets it as an `auth` message and stays open past the old token's expiry; a stream closed
 * for an expired token reconnects with it.
 */
export type StopListening = (() => void) & { sendToken?(accessToken: string): void };

/** A message from the dev outbox (dev mode only). */
export type DevMessage = z.infer<typeof devMailMessageSchema>;

/** Whether main may keep a sign-in across restarts, and if not, why (docs/security.md R40). */
export type RememberMeState = z.infer<typeof rememberMeStateSchema>;

/** The accounts main holds for this window (Electron: the renderer never sees their tokens). */
export type MainSessionState = z.infer<typeof appSessionStateSchema>;

/** Where main keeps the sessions, the client mirrors main's accounts and asks main to change them. */
export interface MainSession {
  state(): Promise<MainSessionState>;
  switchTo(userId: number): Promise<unknown>;
  detach(): Promise<unknown>;
  signOut(): Promise<unknown>;
  /** Remember the next sign-in (and the active account) across restarts; refused where unavailable. */
  setRememberMe(remember: boolean): Promise<MainSessionState>;
}

export interface Transport {
  readonly kind: 'http' | 'bridge';
  readonly appInfo: Partial<AppInfo>;
  link(accessToken: () => string | undefined, locale: () => string): TRPCLink<AppRouter>;
  /** Live account events for one session; returns the function that stops listening. */
  listen(
    accessToken: string | undefined,
    ids: { sessionId: string; deviceId: string },
    handlers: EventHandlers,
  ): StopListening;
  /** Device facts sent with a sign-in (HTTP only: over IPC main vouches for the device). */
  device(locale: string): DeviceInput | undefined;
  rememberDevice(id: string): void;
  /**
   * HTTP only: the device trust tokens of the accounts that trusted this browser (over IPC main
   * keeps them and presents them itself).
   */
  readonly deviceTrust?: {
    get(email: string): string | undefined;
    set(email: string, token: string | undefined): void;
  };
  /**
   * Kiosk: resolves when a phone decided the device sign-in `deviceCode` names, so the wait polls
   * at once (HTTP: the /v1/device-code/events socket; Electron: main forwards the decision).
   * A transport without it is only polled.
   */
  watchDeviceCode?(deviceCode: string): DeviceCodeWatch;
  /** Where signed-in accounts survive a reload, if anywhere. */
  readonly storage: Storage | undefined;
  /** Present only when the server runs in dev mode and the transport can reach its outbox. */
  devOutbox?(): Promise<DevMessage[] | undefined>;
  /** Electron: main holds the signed-in accounts (app.* procedures). */
  mainSession?: MainSession;
}

/** Same-origin HTTP: tRPC at /trpc, live events on /v1/events (the token goes in the query string
 * because browsers cannot set headers on a WebSocket). */
export function httpTransport(origin: string = location.origin): Transport {
  const local = safeStorage(() => localStorage);
  const session = safeStorage(() => sessionStorage);
  return {
    kind: 'http',
    appInfo: {},
    storage: session,
    link: (accessToken, locale) =>
      httpBatchLink<AppRouter>({
        url: `${origin}/trpc`,
        headers: () => {
          const token = accessToken();
          return { 'accept-language': locale(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
        },
      }),
    listen(accessToken, _ids, handlers) {
      if (!accessToken) return () => {};
      let token = accessToken;
      let stopped = false;
      /** Closed for an expired or refused token: reconnecting waits for a fresher one. */
      let awaitingToken = false;
      let socket: WebSocket | undefined;
      let retryMs = 1000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const sendAuth = (ws: WebSocket) => {
        const message: EventsAuthMessage = { type: 'auth', token };
        ws.send(JSON.stringify(message));
      };
      const connect = (resync: boolean) => {
        const url = new URL('/v1/events', origin);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('token', token);
        const opened = token;
        const ws = (socket = new WebSocket(url));
        ws.addEventListener('open', () => {
          retryMs = 1000;
          // A fresher token arrived while this one was connecting.
          if (token !== opened) sendAuth(ws);
          // Changes made while the stream was down were missed: lists reload.
          if (resync) handlers.onEvent({ type: 'resync' });
        });
        ws.addEventListener('message', (message) => {
          try {
            handlers.onEvent(JSON.parse(String(message.data)) as AccountEventMessage);
          } catch {
            // A malformed frame is ignored; the next list refresh corrects the screen.
          }
        });
        ws.addEventListener('close', (event) => {
          if (stopped || ws !== socket) return;
          if (event.code === SESSION_ENDED) {
            handlers.onSessionEnded();
            return;
          }
          if (event.code === TOKEN_EXPIRED || event.code === TOKEN_REJECTED) {
            awaitingToken = true;
            handlers.onTokenExpired?.();
            return;
          }
          // A dropped connection (server restart, sleep, network): try again, backing off.
          timer = setTimeout(() => connect(true), retryMs);
          retryMs = Math.min(retryMs * 2, 30_000);
        });
      };
      connect(false);
      const stop = () => {
        stopped = true;
        clearTimeout(timer);
        socket?.close(1000);
      };
      return Object.assign(stop, {
        sendToken(next: string) {
          token = next;
          if (stopped) return;
          if (awaitingToken) {
            awaitingToken = false;
            connect(true);
          } else if (socket?.readyState === WebSocket.OPEN) {
            sendAuth(socket);
          }
          // Still connecting: it sends the token once open. Waiting to retry: the retry carries it.
        },
      });
    },
    watchDeviceCode: (deviceCode) => watchDeviceCode(WebSocket, origin, deviceCode),
    device: (locale) => browserDevice(local, navigator.userAgent, locale),
    rememberDevice: (id) => rememberDeviceId(local, id),
    // Beside the device id, for as long as the trust lasts: a trust that ended with the tab would
    // ask for the second factor again each visit.
    deviceTrust: {
      get: (email) => storedTrustToken(local, email),
      set: (email, token) => rememberTrustToken(local, email, token),
    },
    async devOutbox() {
      const response = await fetch(`${origin}/v1/dev/outbox?limit=50`, { headers: { accept: 'application/json' } });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { data?: { messages?: DevMessage[] } };
      return body.data?.messages;
    },
  };
}

/** Electron: everything through `window.latchkey`; main holds the tokens and the account list. */
export function bridgeTransport(bridge: LatchkeyBridge, locale: () => string = () => 'en'): Transport {
  // The IPC router: the core procedures plus main's own app.* (main/ipc/ipc-router.ts).
  const { app, dev } = createTRPCClient<IpcRouter>({ links: [bridgeLink<IpcRouter>(bridge, locale)] });
  const transport: Transport = {
    kind: 'bridge',
    appInfo: bridge.appInfo,
    storage: undefined,
    link: (_accessToken, linkLocale) => bridgeLink<AppRouter>(bridge, linkLocale),
    listen(_accessToken, ids, handlers) {
      return bridge.onMessage((message) => {
        if (!('event' in message)) return;
        const { event } = message;
        handlers.onEvent(event);
        const ended =
          (event.type === 'session.revoked' && event.sessionId === ids.sessionId) ||
          (event.type === 'device.revoked' && event.deviceId === ids.deviceId);
        if (ended) handlers.onSessionEnded();
      });
    },
    watchDeviceCode: (deviceCode) => watchForwardedDecision(bridge, deviceCode),
    device: () => undefined,
    rememberDevice: () => {},
    mainSession: {
      state: () => app.state.query(),
      switchTo: (userId) => app.switchAccount.mutate({ userId }),
      detach: () => app.detach.mutate(),
      signOut: () => app.signOut.mutate(),
      setRememberMe: (remember) => app.setRememberMe.mutate({ remember }),
    },
  };
  if (bridge.appInfo.devMode) {
    // The dev router's own procedure, as GET /v1/dev/outbox serves it over HTTP.
    transport.devOutbox = async () => (await dev.outbox.query({ limit: 50 })).messages;
  }
  return transport;
}

/** Main forwards every decision with its device code's hash; this one's is compared here. */
function watchForwardedDecision(bridge: LatchkeyBridge, deviceCode: string): DeviceCodeWatch {
  let closed = false;
  let stop: (() => void) | undefined;
  const decided = new Promise<void>((resolve) => {
    void sha256Hex(deviceCode).then((codeHash) => {
      if (closed || codeHash === undefined) return;
      stop = bridge.onMessage((message) => {
        if ('deviceCode' in message && message.deviceCode.codeHash === codeHash) resolve();
      });
    });
  });
  return {
    decided,
    close() {
      closed = true;
      stop?.();
    },
  };
}

/** Undefined where WebCrypto is missing (not a secure context): the wait then only polls. */
async function sha256Hex(text: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function safeStorage(get: () => Storage): Storage | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
