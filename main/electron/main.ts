// The Electron main process's entry (bundled to out/main/index.mjs). Order matters: the app://
// scheme is registered before `ready`, and the single-instance lock is taken before anything
// opens the database (docs/security.md R65): a second instance only focuses the first and quits.
import { join } from 'node:path';
import { app, protocol } from 'electron';
import { APP_SCHEME_PRIVILEGES } from '../shell/app-protocol.ts';
import { launchSettings } from '../shell/launch-settings.ts';
import { routeDeepLinks } from './deep-links.ts';
import { startApp, type RunningApp } from './start-app.ts';

const launch = launchSettings({ isPackaged: app.isPackaged, argv: process.argv, env: process.env });
if (launch.dev) app.setPath('userData', join(app.getPath('appData'), 'Latchkey (dev)'));
if (launch.userData) app.setPath('userData', launch.userData);
protocol.registerSchemesAsPrivileged([
  { ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let running: RunningApp | undefined;
  let closing = false;
  const deepLinksTo = routeDeepLinks();
  const starting = app.whenReady().then(() => startApp({ dev: launch.dev, configFile: launch.configFile }));
  starting.then(
    (started) => {
      running = started;
      deepLinksTo({ scheme: started.linkScheme, openMagicLink: started.openMagicLink });
    },
    (error: unknown) => {
      console.error('Latchkey could not start:', errorText(error));
      app.exit(1);
    },
  );
  app.on('second-instance', () => {
    const window = running?.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for a clean stop: HTTP transport closed, saves finished, database closed. A
  // quit during start-up waits for the start to finish first, so nothing is left open.
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void starting
      .then((started) => started.close())
      .catch((error: unknown) => console.error('Latchkey did not stop cleanly:', errorText(error)))
      .finally(() => app.quit());
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** For a host app that embeds Latchkey's main process: who is signed in, and a fresh token. */
export type { MainAuthApi } from '../app-session/app-session.ts';
