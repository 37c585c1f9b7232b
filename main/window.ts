// The one window, with every security setting written out rather than left to Electron's defaults
// (docs/security.md R50: every security setting written out). Pure: main/electron/ passes
// the result to `new BrowserWindow`, and tests read it under Node.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { appInfoArgument, type AppInfo } from '../shared/bridge.ts';

export interface WindowSettings {
  /** Absolute path of the bundled preload script. */
  preload: string;
  /** Kiosk mode: full screen, no way out through the window frame. */
  kiosk: boolean;
  /** DevTools only in dev mode, never in a packaged app. */
  devTools: boolean;
  /** The session partition the app's handlers are installed on. */
  partition: string;
  /** Static facts the preload exposes as `window.latchkey.appInfo`. */
  appInfo: AppInfo;
}

export function secureWebPreferences(settings: WindowSettings): WebPreferences {
  return {
    preload: settings.preload,
    partition: settings.partition,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: settings.devTools,
    additionalArguments: [appInfoArgument(settings.appInfo)],
  };
}

export function mainWindowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'Latchkey',
    width: 480,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    kiosk: settings.kiosk,
    fullscreen: settings.kiosk,
    webPreferences: secureWebPreferences(settings),
  };
}
