// latchkey/electron's installLatchkey in a host app with its own windows, under Node against a
// fake `electron` module: the database opens in userData, the bridge answers only the windows the
// host attached (and only pages of the host's origin), events and device sign-in decisions reach
// attached windows showing a page of that origin only, detaching and closing stop both, an origin
// that is not one is refused at once, and without Electron it fails with one line.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNEL, type BridgeResponse } from '../../../shared/bridge.ts';
import type { InstalledLatchkey } from '../../../main/electron/install.ts';
import { FAST_PASSWORDS, PASSWORD, tempDir } from '../../helpers/server.ts';

type Listener = (...args: unknown[]) => void;

interface FakeContents {
  id: number;
  /** The page the window shows. */
  url: string;
  destroyed: boolean;
  sent: unknown[];
  events: Map<string, Listener>;
}

const fake = vi.hoisted(() => ({
  userData: '',
  ipcListeners: new Map<string, (event: unknown, raw: unknown) => void>(),
}));

vi.mock('electron', () => ({
  app: {
    getPath: () => fake.userData,
    getVersion: () => '3.1.0',
    getLocale: () => 'en-US',
  },
  ipcMain: {
    on: (channel: string, listener: (event: unknown, raw: unknown) => void) => fake.ipcListeners.set(channel, listener),
    removeListener: (channel: string) => fake.ipcListeners.delete(channel),
  },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (s: string) => Buffer.from(s).reverse(),
    decryptStringAsync: async (b: Buffer) => ({ result: Buffer.from(b).reverse().toString(), shouldReEncrypt: false }),
  },
}));

const ORIGIN = 'app://host-app';

/** A BrowserWindow as far as installLatchkey uses one. */
function hostWindow(id: number) {
  const contents: FakeContents = { id, url: `${ORIGIN}/index.html`, destroyed: false, sent: [], events: new Map() };
  const webContents = {
    id,
    getURL: () => contents.url,
    isDestroyed: () => contents.destroyed,
    send: (channel: string, message: unknown) => {
      if (channel === BRIDGE_CHANNEL) contents.sent.push(message);
    },
    on: (name: string, listener: Listener) => contents.events.set(name, listener),
    off: (name: string) => contents.events.delete(name),
  };
  return { contents, window: { webContents } as unknown as Electron.BrowserWindow };
}

/** One bridge message from a window's main frame; resolves with main's answer. */
async function call(webContentsId: number, url: string, path: string, input?: unknown): Promise<BridgeResponse> {
  const listener = fake.ipcListeners.get(BRIDGE_CHANNEL);
  if (!listener) throw new Error('no bridge listener');
  return new Promise((resolve) =>
    listener(
      {
        sender: { id: webContentsId, isDestroyed: () => false },
        senderFrame: { url, parent: null },
        reply: (_channel: string, message: BridgeResponse) => resolve(message),
      },
      { id: 1, method: path.startsWith('app.state') ? 'query' : 'mutation', params: { path, input } },
    ),
  );
}

const codeOf = (reply: BridgeResponse) =>
  'error' in reply ? (reply.error.data.error as { code?: string } | undefined)?.code : undefined;

let installed: InstalledLatchkey | undefined;

beforeEach(() => {
  vi.resetModules();
  fake.userData = tempDir();
  fake.ipcListeners.clear();
  (process as { getSystemVersion?: () => string }).getSystemVersion = () => '6.1.0';
});
afterEach(async () => {
  await installed?.close();
  installed = undefined;
});

async function install(windows: Electron.BrowserWindow[], origin: { appOrigin?: unknown } = { appOrigin: ORIGIN }) {
  const appOrigin = origin.appOrigin as string;
  const { installLatchkey } = await import('../../../main/electron/install.ts');
  const { silentLogger } = await import('../../../main/server/logger.ts');
  installed = await installLatchkey({
    appOrigin,
    windows,
    config: { password: FAST_PASSWORDS },
    logger: silentLogger,
  });
  return installed;
}

describe('installLatchkey in a host app', () => {
  it('opens the database in userData, sealed by safeStorage, and answers only attached windows of its origin', async () => {
    const first = hostWindow(7);
    const second = hostWindow(8);
    const stranger = hostWindow(9);
    const latchkey = await install([first.window]);
    expect(existsSync(join(fake.userData, 'latchkey.db'))).toBe(true);
    // The data key is wrapped by the OS key store, not a plain key file.
    expect(existsSync(join(fake.userData, 'latchkey.db.wrapped-key'))).toBe(true);
    expect(existsSync(join(fake.userData, 'latchkey.db.key'))).toBe(false);

    const page = `${ORIGIN}/index.html`;
    expect(await call(7, page, 'app.state')).toMatchObject({ result: { type: 'data', data: { activeUserId: null } } });
    expect(codeOf(await call(8, page, 'app.state'))).toBe('FORBIDDEN');
    expect(codeOf(await call(7, 'app://latchkey/index.html', 'app.state'))).toBe('FORBIDDEN');

    latchkey.attachWindow(second.window);
    const signedUp = await call(8, page, 'auth.register', {
      email: 'ada@example.com',
      password: PASSWORD,
      name: 'Ada',
    });
    expect(signedUp).toMatchObject({ result: { type: 'data', data: { user: { email: 'ada@example.com' } } } });
    // Main holds the tokens: the renderer's answer carries none, and main's API has the session.
    expect(JSON.stringify(signedUp)).not.toMatch(/"(accessToken|refreshToken|idToken)"/);
    expect(latchkey.auth.currentUser()?.email).toBe('ada@example.com');
    expect(typeof (await latchkey.auth.accessToken())).toBe('string');
    expect(codeOf(await call(9, page, 'app.state'))).toBe('FORBIDDEN');
    void stranger;
  });

  it('sends account events to attached windows only, and a detached or destroyed window gets no answer', async () => {
    const first = hostWindow(7);
    const second = hostWindow(8);
    const latchkey = await install([first.window]);
    const detach = latchkey.attachWindow(second.window);
    const page = `${ORIGIN}/index.html`;
    await call(7, page, 'auth.register', { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    // A sign-in elsewhere (another device) is a new session of the active account: an event.
    await latchkey.server
      .caller({ transport: 'internal' })
      .auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(first.contents.sent).toEqual([{ event: expect.objectContaining({ type: 'session.created' }) }]);
    expect(second.contents.sent).toEqual(first.contents.sent);

    detach();
    expect(codeOf(await call(8, page, 'app.state'))).toBe('FORBIDDEN');
    expect(second.contents.events.size).toBe(0);
    first.contents.destroyed = true;
    first.contents.events.get('destroyed')?.();
    expect(codeOf(await call(7, page, 'app.state'))).toBe('FORBIDDEN');

    await latchkey.close();
    installed = undefined;
    expect(fake.ipcListeners.has(BRIDGE_CHANNEL)).toBe(false);
  });

  it('sends no event to an attached window once it shows a page of another origin', async () => {
    const host = hostWindow(7);
    const latchkey = await install([host.window]);
    await call(7, `${ORIGIN}/index.html`, 'auth.register', {
      email: 'ada@example.com',
      password: PASSWORD,
      name: 'Ada',
    });
    host.contents.url = 'https://evil.test/'; // the preload runs there too
    await latchkey.server
      .caller({ transport: 'internal' })
      .auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(host.contents.sent).toEqual([]);
    host.contents.url = `${ORIGIN}/account`;
    await latchkey.server
      .caller({ transport: 'internal' })
      .auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(host.contents.sent).toEqual([{ event: expect.objectContaining({ type: 'session.created' }) }]);
  });

  it('refuses an appOrigin that is not a scheme and host, before opening anything', async () => {
    for (const appOrigin of [undefined, '', 'file://', 'file:///home/u/app/index.html', 'app://host-app/index.html']) {
      await expect(install([hostWindow(7).window], { appOrigin })).rejects.toThrow(/appOrigin must be/);
    }
    expect(existsSync(join(fake.userData, 'latchkey.db'))).toBe(false);
  });

  it("tells attached windows when a phone decides a kiosk's sign-in, by the device code's hash only", async () => {
    const kiosk = hostWindow(7);
    const latchkey = await install([kiosk.window]);
    const page = `${ORIGIN}/index.html`;
    const started = await call(7, page, 'auth.startDeviceSignIn', {});
    if (!('result' in started) || started.result.type !== 'data') throw new Error('no device sign-in');
    const { deviceCode, userCode } = started.result.data as { deviceCode: string; userCode: string };
    // A phone signed in as Ada approves (in process here: the phone's own transport does not matter).
    const phone = latchkey.server.caller({ transport: 'internal' });
    const ada = await phone.auth.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    if (ada.requires2fa) throw new Error('no 2FA expected');
    await latchkey.server
      .caller({ transport: 'internal', accessToken: ada.tokens.accessToken })
      .devices.approveSignIn({ userCode });
    const codeHash = createHash('sha256').update(deviceCode).digest('hex');
    expect(kiosk.contents.sent).toContainEqual({ deviceCode: { codeHash, outcome: 'approved' } });
    expect(JSON.stringify(kiosk.contents.sent)).not.toContain(deviceCode);
  });
});

describe('latchkey/electron outside Electron', () => {
  it('fails with one line', async () => {
    const { loadElectron, NOT_IN_ELECTRON } = await import('../../../main/electron/load-electron.ts');
    // Under plain Node the electron package answers the path of its binary, not the API.
    await expect(loadElectron(async () => ({ default: '/opt/electron/electron' }))).rejects.toThrow(NOT_IN_ELECTRON);
    const missing = async () => Promise.reject(new Error("Cannot find package 'electron'"));
    await expect(loadElectron(missing)).rejects.toThrow(NOT_IN_ELECTRON);
    expect(NOT_IN_ELECTRON).not.toContain('\n');
  });
});
