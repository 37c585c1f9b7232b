// Everything main does once Electron is ready and the single-instance lock is held: the auth
// server on the database in userData, the app session, the protocol and session guards, the IPC
// adapter and the window. Electron-only glue; each decision lives in an Electron-free module.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, ipcMain, safeStorage, session as sessions, shell } from 'electron';
import { BRIDGE_CHANNEL } from '../../shared/bridge.ts';
import { AppSession, type MainAuthApi } from '../app-session/app-session.ts';
import { appSecretBox, rememberSupport } from '../app-session/os-crypto.ts';
import { fileRememberedStore, memoryRememberedStore } from '../app-session/remembered-store.ts';
import { fileDeviceTrustStore, memoryDeviceTrustStore } from '../app-session/device-trust-store.ts';
import { loadInstallationId, machineDevice } from '../ipc/device-identity.ts';
import { withoutHeldTokens } from '../ipc/held-tokens.ts';
import { createLatchkeyIpc, forwardAccountEvents, ipcRequestInfo } from '../ipc/latchkey-ipc.ts';
import { OffsetClock, systemClock } from '../server/clock.ts';
import { streamLogger } from '../server/logger.ts';
import { createAuthServer } from '../server/server.ts';
import { createHttpServer, type HttpServer } from '../http/server.ts';
import { loadAppConfig, serverConfig } from '../shell/app-config.ts';
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

export async function startApp(options: { dev: boolean }): Promise<RunningApp> {
  const logger = streamLogger();
  const userData = app.getPath('userData');
  const config = loadAppConfig(process.env.LATCHKEY_CONFIG ?? join(userData, 'latchkey.config.json'));
  const os = safeStorageOsCrypto(safeStorage);
  const database = join(userData, 'latchkey.db');
  const server = createAuthServer(serverConfig(config, { database, devMode: options.dev }), {
    secretBox: appSecretBox(database, os).box,
    clock: options.dev ? new OffsetClock(systemClock) : systemClock,
    logger,
  });
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
  const remember = rememberSupport(os);
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
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) ipc.releaseSender(windowId);
  });
  contents.on('destroyed', () => {
    ipc.releaseSender(windowId);
    known.delete(windowId);
  });
  const stopEvents = forwardAccountEvents(server, session, (message) => {
    if (!contents.isDestroyed()) contents.send(BRIDGE_CHANNEL, withoutHeldTokens(message));
  });

  let http: HttpServer | undefined;
  if (config.httpTransport) {
    http = createHttpServer(server, { staticDir: rendererDir, logger });
    logger.log('info', 'HTTP transport on', { url: (await http.listen()).url });
  }

  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);

  return {
    auth: session,
    window,
    async close() {
      ipcMain.removeListener(BRIDGE_CHANNEL, onMessage);
      stopEvents();
      await http?.close();
      session.close();
      await server.close();
    },
  };
}
