// Everything main does once Electron is ready and the single-instance lock is held: the auth
// server on the database in userData, the app session, the protocol and session guards, the IPC
// adapter and the window. Electron-only glue; each decision lives in an Electron-free module.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, ipcMain, safeStorage, session as sessions, shell } from 'electron';
import { BRIDGE_CHANNEL } from '../../shared/bridge.ts';
import { AppSession, type MainAuthApi } from '../app-session/app-session.ts';
import { appSecretBox, rememberSupport, type OsCrypto } from '../app-session/os-crypto.ts';
import { fileRememberedStore, memoryRememberedStore } from '../app-session/remembered-store.ts';
import { fileDeviceTrustStore, memoryDeviceTrustStore } from '../app-session/device-trust-store.ts';
import { loadInstallationId, machineDevice } from '../ipc/device-identity.ts';
import { withoutHeldTokens } from '../ipc/held-tokens.ts';
import { createLatchkeyIpc, forwardAccountEvents, ipcRequestInfo } from '../ipc/latchkey-ipc.ts';
import { OffsetClock, systemClock } from '../server/clock.ts';
import { streamLogger, type Logger } from '../server/logger.ts';
import { createAuthServer, type AuthServer } from '../server/server.ts';
import { createHttpServer } from '../http/server.ts';
import { loadAppConfig, serverConfig, type AppConfig } from '../shell/app-config.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, appProtocolHandler } from '../shell/app-protocol.ts';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  navigationGuard,
  refuseWebview,
  requestFilter,
  windowOpenGuard,
} from '../shell/guards.ts';
import { mainWindowOptions } from '../window.ts';
import { safeStorageOsCrypto } from './os-crypto.ts';

const PARTITION = 'persist:latchkey';

export interface RunningApp {
  auth: MainAuthApi;
  window: BrowserWindow;
  close(): Promise<void>;
}

export interface StartOptions {
  dev: boolean;
  /** The app config file; userData/latchkey.config.json unless an unpackaged launch names another. */
  configFile?: string | undefined;
}

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const logger = streamLogger();
  const userData = app.getPath('userData');
  const config = loadAppConfig(options.configFile ?? join(userData, 'latchkey.config.json'));
  const os = safeStorageOsCrypto(safeStorage);
  const database = join(userData, 'latchkey.db');
  const secretBox = (await appSecretBox(database, os)).box;
  const server = createAuthServer(serverConfig(config, { database, devMode: options.dev }), {
    secretBox,
    clock: options.dev ? new OffsetClock(systemClock) : systemClock,
    logger,
  });
  logger.log('info', 'auth server open', { devMode: options.dev });
  // What is open, to stop newest first: on quit, or when a later step of the start fails.
  const stops: Array<() => unknown> = [() => server.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const { session, window } = await wireApp({ options, config, os, server, userData, logger, stops });
    let closed: Promise<void> | undefined;
    return {
      auth: session,
      window,
      close: () => (closed ??= stopAll().then(() => logger.log('info', 'auth server closed'))),
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

/** The app session, the protocol and session guards, the window, IPC and the HTTP transport. */
async function wireApp(opened: {
  options: StartOptions;
  config: AppConfig;
  os: OsCrypto;
  server: AuthServer;
  userData: string;
  logger: Logger;
  stops: Array<() => unknown>;
}): Promise<{ session: AppSession; window: BrowserWindow }> {
  const { options, config, os, server, userData, logger, stops } = opened;
  const machine = {
    device: machineDevice({
      installationId: loadInstallationId(join(userData, 'installation-id')),
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
      ? fileRememberedStore(join(userData, 'remembered-sign-ins.bin'), os)
      : memoryRememberedStore(),
    trustStore: remember.available
      ? fileDeviceTrustStore(join(userData, 'device-trust.bin'), os)
      : memoryDeviceTrustStore(),
    remember,
    logger,
  });
  stops.push(() => session.close());
  await session.restore();

  const guards = {
    appOrigin: APP_ORIGIN,
    externalLinks: config.externalLinks,
    openExternal: (url: string) => void shell.openExternal(url),
  };
  const ses = sessions.fromPartition(PARTITION);
  const rendererDir = join(app.getAppPath(), 'renderer', 'dist');
  ses.protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.setDevicePermissionHandler(denyPermissionCheck);
  ses.webRequest.onBeforeRequest(requestFilter(guards));

  const window = new BrowserWindow(
    mainWindowOptions({
      preload: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
      kiosk: config.kiosk,
      devTools: options.dev,
      partition: PARTITION,
      appInfo: {
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        kiosk: config.kiosk,
        idleMinutes: config.idleMinutes,
        devMode: options.dev,
        locale: app.getLocale(),
      },
    }),
  );
  const contents = window.webContents;
  const windowId = contents.id;
  const known = new Set([windowId]);
  contents.on('will-navigate', navigationGuard(guards));
  contents.on('will-redirect', navigationGuard(guards));
  contents.on('will-attach-webview', refuseWebview);
  contents.setWindowOpenHandler(windowOpenGuard(guards));

  const ipc = createLatchkeyIpc({
    server,
    session,
    machine,
    appOrigin: APP_ORIGIN,
    isKnownSender: (id) => known.has(id),
  });
  const onMessage = (event: Electron.IpcMainEvent, raw: unknown) => void ipc.handleMessage(event, raw);
  ipcMain.on(BRIDGE_CHANNEL, onMessage);
  stops.push(() => ipcMain.removeListener(BRIDGE_CHANNEL, onMessage));
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) ipc.releaseSender(windowId);
  });
  contents.on('destroyed', () => {
    ipc.releaseSender(windowId);
    known.delete(windowId);
  });
  stops.push(
    forwardAccountEvents(server, session, (message) => {
      if (!contents.isDestroyed()) contents.send(BRIDGE_CHANNEL, withoutHeldTokens(message));
    }),
  );

  if (config.httpTransport) {
    const http = createHttpServer(server, { staticDir: rendererDir, logger });
    const { url } = await http.listen();
    stops.push(() => http.close());
    logger.log('info', 'HTTP transport on', { url });
  }

  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);

  return { session, window };
}
