// The Electron main process's entry (bundled to out/main/index.mjs). Order matters: the app://
// scheme is registered before `ready`, and the single-instance lock is taken before anything
// opens the database (SECURITY.md R65): a second instance only focuses the first and quits.
import { join } from 'node:path';
import { app, protocol } from 'electron';
import { APP_SCHEME_PRIVILEGES } from '../shell/app-protocol.ts';
import { startApp, type RunningApp } from './start-app.ts';

const dev = !app.isPackaged && (process.argv.includes('--dev') || process.env.LATCHKEY_DEV === '1');
if (dev) app.setPath('userData', join(app.getPath('appData'), 'Latchkey (dev)'));
// The real-Electron suite runs each launch in its own profile; never honoured when packaged.
if (!app.isPackaged && process.env.LATCHKEY_USER_DATA) app.setPath('userData', process.env.LATCHKEY_USER_DATA);
protocol.registerSchemesAsPrivileged([
  { ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let running: RunningApp | undefined;
  app.on('second-instance', () => {
    const window = running?.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!running) return;
    const closing = running;
    running = undefined;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(async () => {
      running = await startApp({ dev });
    })
    .catch((error: unknown) => {
      console.error('Latchkey could not start:', error instanceof Error ? error.message : error);
      app.exit(1);
    });
}

/** For a host app that embeds Latchkey's main process: who is signed in, and a fresh token. */
export type { MainAuthApi } from '../app-session/app-session.ts';
