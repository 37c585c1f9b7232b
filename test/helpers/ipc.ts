// The IPC transport under Node: the real adapter, app session and router, driven with events
// shaped like Electron's IpcMainEvent. Every payload main sends to a renderer is captured.
import type { BridgeRequest, BridgeResponse } from '../../shared/bridge.ts';
import { AppSession } from '../../main/app-session/app-session.ts';
import type { RememberSupport } from '../../main/app-session/os-crypto.ts';
import { memoryRememberedStore, type RememberedStore } from '../../main/app-session/remembered-store.ts';
import type { DeviceTrustStore } from '../../main/app-session/device-trust-store.ts';
import { machineDevice } from '../../main/ipc/device-identity.ts';
import type { IpcEventLike } from '../../main/ipc/sender-policy.ts';
import {
  createLatchkeyIpc,
  forwardAccountEvents,
  forwardDeviceCodeDecisions,
  ipcRequestInfo,
} from '../../main/ipc/latchkey-ipc.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { startServer, type TestServer } from './server.ts';

export const APP_ORIGIN = 'app://latchkey';
export const APP_URL = `${APP_ORIGIN}/index.html`;
export const INSTALLATION_ID = 'ins_testmachine0000000001';

export interface FrameSpec {
  webContentsId?: number;
  url?: string;
  /** A subframe has a parent frame; the main frame's parent is null. */
  subframe?: boolean;
  /** The frame is gone (navigated or destroyed) when the message arrives. */
  noFrame?: boolean;
}

export interface IpcOptions {
  config?: ServerConfigInput;
  remember?: RememberSupport;
  store?: RememberedStore;
  trustStore?: DeviceTrustStore;
  file?: boolean;
  /** The origin the app's pages are served from (the Chromium suite serves them over http). */
  appOrigin?: string;
}

export function startIpc(options: IpcOptions = {}) {
  const test = startServer({ email: { transport: 'outbox' }, ...options.config }, { file: options.file ?? false });
  return wireIpc(test, test.server, options);
}

export type TestIpc = ReturnType<typeof startIpc>;

/** Main's side of the app over one auth server: app session, IPC adapter, captured payloads. */
function wireIpc(test: TestServer, server: AuthServer, options: IpcOptions) {
  const known = new Set<number>([1]);
  const machine = {
    device: machineDevice({
      installationId: INSTALLATION_ID,
      nodePlatform: 'linux',
      hostname: 'kiosk-7',
      osVersion: '6.1.0',
      appVersion: '0.1.0',
    }),
    userAgent: 'Latchkey/0.1.0 (test)',
    locale: 'en-US',
  };
  const store = options.store ?? memoryRememberedStore();
  const session = new AppSession({
    server,
    request: () => ipcRequestInfo(machine),
    store,
    remember: options.remember ?? { available: true },
    ...(options.trustStore ? { trustStore: options.trustStore } : {}),
  });
  const ipc = createLatchkeyIpc({
    server,
    session,
    machine,
    appOrigin: options.appOrigin ?? APP_ORIGIN,
    isKnownSender: (id) => known.has(id),
  });
  /** Every payload sent to any renderer, in order (replies and pushed events). */
  const sent: Array<{ webContentsId: number; message: BridgeResponse }> = [];
  const push = (message: BridgeResponse) => sent.push({ webContentsId: 1, message });
  // As installLatchkey wires an attached window: account events and device sign-in decisions.
  const stops = [forwardAccountEvents(server, session, push), forwardDeviceCodeDecisions(server, push)];
  const stopEvents = () => stops.forEach((stop) => stop());

  let nextId = 1;
  function frame(spec: FrameSpec = {}) {
    const webContentsId = spec.webContentsId ?? 1;
    const event: IpcEventLike = {
      sender: { id: webContentsId, isDestroyed: () => false },
      senderFrame: spec.noFrame ? null : { url: spec.url ?? APP_URL, parent: spec.subframe ? {} : null },
      reply: (_channel, message) => sent.push({ webContentsId, message: structuredClone(message) as BridgeResponse }),
    };
    const repliesTo = (id: number) =>
      sent.filter((s) => s.webContentsId === webContentsId && 'id' in s.message && s.message.id === id);
    return {
      event,
      /** Sends a raw message as this frame. */
      post: (raw: unknown) => ipc.handleMessage(event, raw),
      /** A query or mutation; resolves with its one answer. */
      async call(method: 'query' | 'mutation', path: string, input?: unknown, locale?: string) {
        const id = nextId++;
        const message: BridgeRequest = { id, method, params: { path, input }, ...(locale ? { locale } : {}) };
        await ipc.handleMessage(event, structuredClone(message));
        const replies = repliesTo(id);
        if (replies.length !== 1) throw new Error(`expected one reply to ${path}, got ${replies.length}`);
        return replies[0]!.message;
      },
      /** Starts a subscription; returns its id and the replies received so far for it. */
      async subscribe(path: string, input?: unknown) {
        const id = nextId++;
        await ipc.handleMessage(event, { id, method: 'subscription', params: { path, input } });
        return {
          id,
          replies: () => repliesTo(id).map((s) => s.message),
          stop: () => ipc.handleMessage(event, { id, method: 'subscription.stop' }),
        };
      },
    };
  }

  return {
    ...test,
    server,
    session,
    ipc,
    machine,
    known,
    sent,
    frame,
    store,
    stop: stopEvents,
    /**
     * The app quits and starts again: main closes its session, the database is reopened, and a new
     * session and adapter (capturing anew) share the remembered store. Restoring is the test's call.
     */
    async restartApp() {
      stopEvents();
      await session.close();
      return wireIpc(test, await test.restart(), { ...options, store });
    },
  };
}

/** The data of a successful answer, or a thrown description of the error answer. */
export function dataOf<T = unknown>(message: BridgeResponse): T {
  if ('error' in message) throw new Error(`call failed: ${JSON.stringify(message.error)}`);
  if (!('result' in message) || message.result.type !== 'data') throw new Error('not a data answer');
  return message.result.data as T;
}

/** The contract error code of an error answer. */
export function errorCodeOf(message: BridgeResponse): string | undefined {
  if (!('error' in message)) return undefined;
  return (message.error.data.error as { code?: string } | undefined)?.code;
}

/** Lets pending microtasks and timers of the subscription loop run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
