// Everything the reference app's main does once Electron is ready and the single-instance lock is
// held: Latchkey installed the way any host app installs it (install.ts), then the app's own
// protocol and session guards and its one window, attached to the bridge. Electron-only glue;
// each decision lives in an Electron-free module.
import { join } from 'node:path';
import { BrowserWindow, app, session as sessions, shell } from 'electron';
import type { MainAuthApi } from '../app-session/app-session.ts';
import { streamLogger, type Logger } from '../server/logger.ts';
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
import { magicLandingUrl } from '../shell/deep-link.ts';
import { mainWindowOptions } from '../window.ts';
import { installLatchkey, type InstalledLatchkey } from './install.ts';

const PARTITION = 'persist:latchkey';

export interface RunningApp {
  auth: MainAuthApi;
  window: BrowserWindow;
  /** The scheme of the app's magic links (`magicLink.appScheme`). */
  linkScheme: string;
  /** Brings the window up on the magic-link landing page for this token. */
  openMagicLink(token: string): void;
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
  const latchkey = await installLatchkey({
    appOrigin: APP_ORIGIN,
    config: serverConfig(config, { database: join(userData, 'latchkey.db'), devMode: options.dev }),
    dev: options.dev,
    logger,
  });
  // What is open, to stop newest first: on quit, or when a later step of the start fails.
  const stops: Array<() => unknown> = [() => latchkey.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const window = await openWindow({ options, config, latchkey, logger, stops });
    let closed: Promise<void> | undefined;
    const openMagicLink = (token: string) => {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.focus();
      void window.loadURL(magicLandingUrl(APP_ENTRY_URL, token));
    };
    return {
      auth: latchkey.auth,
      window,
      linkScheme: latchkey.server.config.magicLink.appScheme,
      openMagicLink,
      close: () => (closed ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

/** The protocol and session guards, the window (attached to the bridge) and the HTTP transport. */
async function openWindow(opened: {
  options: StartOptions;
  config: AppConfig;
  latchkey: InstalledLatchkey;
  logger: Logger;
  stops: Array<() => unknown>;
}): Promise<BrowserWindow> {
  const { options, config, latchkey, logger, stops } = opened;
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
  contents.on('will-navigate', navigationGuard(guards));
  contents.on('will-redirect', navigationGuard(guards));
  contents.on('will-attach-webview', refuseWebview);
  contents.setWindowOpenHandler(windowOpenGuard(guards));
  stops.push(latchkey.attachWindow(window));

  if (config.httpTransport) {
    const http = createHttpServer(latchkey.server, { screens: rendererDir, logger });
    const { url } = await http.listen();
    stops.push(() => http.close());
    logger.log('info', 'HTTP transport on', { url });
  }

  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
