// Latchkey inside a host Electron app's main process: the auth server on a database in userData,
// the app session holding every token in main (sealed with safeStorage), and the bridge answered
// over IPC only for the windows the host attaches, showing a page of the host's own origin
// (docs/security.md R53). The host keeps its own windows, protocol and UI; the reference app
// (start-app.ts) is one such host.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, IpcMainEvent } from 'electron';
import { BRIDGE_CHANNEL, type BridgeResponse } from '../../shared/bridge.ts';
import { AppSession, type MainAuthApi } from '../app-session/app-session.ts';
import { appSecretBox, rememberSupport } from '../app-session/os-crypto.ts';
import { fileRememberedStore, memoryRememberedStore } from '../app-session/remembered-store.ts';
import { fileDeviceTrustStore, memoryDeviceTrustStore } from '../app-session/device-trust-store.ts';
import { loadInstallationId, machineDevice } from '../ipc/device-identity.ts';
import { withoutHeldTokens } from '../ipc/held-tokens.ts';
import { originOf, requireAppOrigin } from '../ipc/sender-policy.ts';
import {
  createLatchkeyIpc,
  forwardAccountEvents,
  forwardDeviceCodeDecisions,
  ipcRequestInfo,
} from '../ipc/latchkey-ipc.ts';
import { OffsetClock, systemClock, type Clock } from '../server/clock.ts';
import type { ServerConfigInput } from '../server/config.ts';
import { streamLogger, type Logger } from '../server/logger.ts';
import { createAuthServer, type AuthServer } from '../server/server.ts';
import { loadElectron } from './load-electron.ts';
import { safeStorageOsCrypto } from './os-crypto.ts';

export interface InstallLatchkeyOptions {
  /** The origin of the host's pages that may use the bridge, e.g. `app://my-app` (never `file://`). */
  appOrigin: string;
  /** Windows whose main frame may use the bridge from the start; `attachWindow` adds more. */
  windows?: readonly BrowserWindow[] | undefined;
  /** Auth server options (see the configuration docs); `database` defaults to `<userData>/latchkey.db`. */
  config?: ServerConfigInput | undefined;
  /** Dev mode: the dev routes and a clock that can be moved. Never in a packaged app. */
  dev?: boolean | undefined;
  /** Where Latchkey keeps its files (database, sealed sign-ins); Electron's `userData` by default. */
  directory?: string | undefined;
  logger?: Logger | undefined;
}

export interface InstalledLatchkey {
  /** For the host's main-process code: who is signed in, a fresh access token, sign-out. */
  auth: MainAuthApi;
  /** The auth server itself: in-process callers, the admin caller, or `createHttpServer(server)`. */
  server: AuthServer;
  /** Lets this window's pages (of `appOrigin`) use the bridge; returns the function that detaches it. */
  attachWindow(window: BrowserWindow): () => void;
  /** Stops answering the bridge, saves, and closes the database. Call it before the app quits. */
  close(): Promise<void>;
}

/** Call after `app.whenReady()`. */
export async function installLatchkey(options: InstallLatchkeyOptions): Promise<InstalledLatchkey> {
  const appOrigin = requireAppOrigin(options.appOrigin);
  const { app, ipcMain, safeStorage } = await loadElectron();
  const logger = options.logger ?? streamLogger();
  const directory = options.directory ?? app.getPath('userData');
  const database = options.config?.database ?? join(directory, 'latchkey.db');
  const os = safeStorageOsCrypto(safeStorage);
  const secretBox = (await appSecretBox(database, os)).box;
  const dev = options.dev === true;
  const clock: Clock = dev ? new OffsetClock(systemClock) : systemClock;
  const server = createAuthServer({ ...options.config, database, devMode: dev }, { secretBox, clock, logger });
  logger.log('info', 'auth server open', { devMode: dev });
  // What is open, to stop newest first: on close, or when a later step of the start fails.
  const stops: Array<() => unknown> = [() => server.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const machine = {
      device: machineDevice({
        installationId: loadInstallationId(join(directory, 'installation-id')),
        nodePlatform: process.platform,
        hostname: hostname(),
        osVersion: process.getSystemVersion(),
        appVersion: app.getVersion(),
        locale: app.getLocale(),
      }),
      userAgent: `Latchkey/${app.getVersion()} Electron/${process.versions.electron} (${process.platform})`,
      locale: app.getLocale(),
    };
    const remember = await rememberSupport(os);
    if (!remember.available) logger.log('warn', remember.message);
    const session = new AppSession({
      server,
      request: () => ipcRequestInfo(machine),
      store: remember.available
        ? fileRememberedStore(join(directory, 'remembered-sign-ins.bin'), os)
        : memoryRememberedStore(),
      trustStore: remember.available
        ? fileDeviceTrustStore(join(directory, 'device-trust.bin'), os)
        : memoryDeviceTrustStore(),
      remember,
      logger,
    });
    stops.push(() => session.close());
    await session.restore();

    const known = new Set<number>();
    const ipc = createLatchkeyIpc({
      server,
      session,
      machine,
      appOrigin,
      isKnownSender: (id) => known.has(id),
    });
    const onMessage = (event: IpcMainEvent, raw: unknown) => void ipc.handleMessage(event, raw);
    ipcMain.on(BRIDGE_CHANNEL, onMessage);
    stops.push(() => ipcMain.removeListener(BRIDGE_CHANNEL, onMessage));

    // Live news goes to every attached window showing a page of the app's origin (one that
    // navigated elsewhere still runs the preload, and hears nothing): one subscription, each
    // message built once.
    const attached = new Map<number, BrowserWindow['webContents']>();
    const broadcast = (message: BridgeResponse) => {
      const payload = withoutHeldTokens(message);
      for (const contents of attached.values()) {
        if (!contents.isDestroyed() && originOf(contents.getURL()) === appOrigin)
          contents.send(BRIDGE_CHANNEL, payload);
      }
    };
    stops.push(forwardAccountEvents(server, session, broadcast), forwardDeviceCodeDecisions(server, broadcast));

    const detachers = new Map<number, () => void>();
    const attachWindow = (window: BrowserWindow): (() => void) => {
      const contents = window.webContents;
      const id = contents.id;
      const existing = detachers.get(id);
      if (existing) return existing;
      known.add(id);
      const onNavigation = (details: { isMainFrame: boolean; isSameDocument: boolean }) => {
        // A new document in the window: the old page's subscriptions end with it.
        if (details.isMainFrame && !details.isSameDocument) ipc.releaseSender(id);
      };
      const detach = () => {
        if (!detachers.delete(id)) return;
        known.delete(id);
        attached.delete(id);
        ipc.releaseSender(id);
        if (!contents.isDestroyed()) {
          contents.off('did-start-navigation', onNavigation);
          contents.off('destroyed', detach);
        }
      };
      contents.on('did-start-navigation', onNavigation);
      contents.on('destroyed', detach);
      attached.set(id, contents);
      detachers.set(id, detach);
      return detach;
    };
    stops.push(() => [...detachers.values()].forEach((detach) => detach()));
    for (const window of options.windows ?? []) attachWindow(window);

    let closed: Promise<void> | undefined;
    return {
      auth: session,
      server,
      attachWindow,
      close: () => (closed ??= stopAll().then(() => logger.log('info', 'auth server closed'))),
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}
