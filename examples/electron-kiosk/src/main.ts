// Main process: the kiosk's own window, its pages on app://kiosk/, and Latchkey's auth server
// inside this process (one SQLite file in userData). Only the window attached below may reach it.
import { app, BrowserWindow, net, protocol } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installLatchkey } from 'latchkey/electron';

const ORIGIN = 'app://kiosk';
const PAGES = join(import.meta.dirname, 'pages');
const PAGE_TYPES: Record<string, string> = {
  '/index.html': 'text/html; charset=utf-8',
  '/renderer.js': 'text/javascript; charset=utf-8',
  '/kiosk.css': 'text/css; charset=utf-8',
};
// No inline script or style, no eval; images as data: for the QR code and captchas.
const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";

// Pages come from a privileged scheme of the app's own (never file://); registered before ready.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);

await app.whenReady();

protocol.handle('app', async (request) => {
  const { host, pathname } = new URL(request.url);
  const type = host === 'kiosk' ? PAGE_TYPES[pathname] : undefined;
  if (type === undefined) return new Response('Not found', { status: 404 });
  const file = await net.fetch(pathToFileURL(join(PAGES, pathname)).href);
  return new Response(file.body, { headers: { 'Content-Type': type, 'Content-Security-Policy': CSP } });
});

const latchkey = await installLatchkey({
  appOrigin: ORIGIN,
  config: { appName: 'Lobby kiosk', issuer: 'lobby-kiosk', audience: 'lobby-kiosk' },
  // Dev mode mails codes to the dev outbox (no SMTP needed); a packaged app never runs it.
  // For real mail, give config.email its SMTP settings (docs/configuration.md).
  dev: !app.isPackaged,
});

const win = new BrowserWindow({
  kiosk: process.argv.includes('--kiosk'),
  webPreferences: {
    preload: join(import.meta.dirname, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
  },
});
latchkey.attachWindow(win);
// The window stays on the kiosk's pages: no navigation away, no pop-ups.
win.webContents.on('will-navigate', (event) => event.preventDefault());
win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

// Main holds the tokens: call your own backend as the signed-in user from here.
latchkey.auth.onAuthChange(({ kind, user }) => {
  console.log(`auth: ${kind}${user ? ` (${user.email})` : ''}`);
});

await win.loadURL(`${ORIGIN}/index.html`);

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void latchkey.close());
