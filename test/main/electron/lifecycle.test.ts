// The Electron-only glue, run under Node against a fake `electron` module: the single-instance
// lock is taken before anything touches the database, a second instance opens nothing, and a first
// instance wires the protocol, the session guards, the one IPC listener and the window exactly
// with the Electron-free pieces the other suites test.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appInfoFromArgv, BRIDGE_CHANNEL, type BridgeResponse } from '../../../shared/bridge.ts';
import { DEV_DEMO_ACCOUNT } from '../../../main/shell/app-config.ts';
import { dataOf } from '../../helpers/ipc.ts';
import { tempDir } from '../../helpers/server.ts';

interface Fake {
  calls: string[];
  userData: string;
  lock: boolean;
  packaged: boolean;
  appEvents: Map<string, (...args: unknown[]) => void>;
  /** app.quit() went through: no will-quit listener held it back. */
  exited: boolean;
  ready: () => void;
  ipcListener?: (event: unknown, raw: unknown) => void;
  windowOptions?: Record<string, unknown>;
  loaded?: string;
  protocolHandler?: (request: Request) => Promise<Response>;
  permissionRequest?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
  windowOpen?: (details: { url: string }) => { action: string };
  webContentsEvents: Map<string, (...args: unknown[]) => void>;
}

const fake = vi.hoisted(() => ({ current: undefined as unknown as Fake }));

vi.mock('electron', () => {
  const f = () => fake.current;
  const webContents = {
    id: 1,
    on: (name: string, handler: (...args: unknown[]) => void) => f().webContentsEvents.set(name, handler),
    off: (name: string) => f().webContentsEvents.delete(name),
    setWindowOpenHandler: (handler: Fake['windowOpen']) => (f().windowOpen = handler),
    isDestroyed: () => false,
    send: () => {},
  };
  class BrowserWindow {
    webContents = webContents;
    constructor(options: Record<string, unknown>) {
      f().calls.push('new BrowserWindow');
      f().windowOptions = options;
    }
    once() {}
    isDestroyed() {
      return false;
    }
    async loadURL(url: string) {
      f().loaded = url;
    }
  }
  let whenReady: Promise<void> | undefined;
  // Like Electron: quit() emits will-quit, and quits unless a listener prevents it.
  const quit = () => {
    f().calls.push('quit');
    let prevented = false;
    f().appEvents.get('will-quit')?.({ preventDefault: () => (prevented = true) });
    if (!prevented) f().exited = true;
  };
  return {
    BrowserWindow,
    app: {
      get isPackaged() {
        return f().packaged;
      },
      getPath: (name: string) => (name === 'userData' ? f().userData : f().userData),
      setPath: (_name: string, path: string) => (f().userData = path),
      requestSingleInstanceLock: () => {
        f().calls.push(`lock:${existsSync(join(f().userData, 'latchkey.db'))}`);
        return f().lock;
      },
      quit,
      exit: (code: number) => f().calls.push(`exit:${code}`),
      setAsDefaultProtocolClient: (scheme: string) => f().calls.push(`protocolClient:${scheme}`),
      on: (name: string, handler: (...args: unknown[]) => void) => {
        f().calls.push(`app.on:${name}`);
        f().appEvents.set(name, handler);
      },
      whenReady: () => (whenReady ??= new Promise<void>((resolve) => (f().ready = resolve))),
      getAppPath: () => f().userData,
      getVersion: () => '0.1.0',
      getName: () => 'Latchkey',
      getLocale: () => 'en-US',
    },
    protocol: { registerSchemesAsPrivileged: () => f().calls.push('registerSchemesAsPrivileged') },
    // Only the asynchronous API (the synchronous one is gone in Electron 46).
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: async (s: string) => Buffer.from(s),
      decryptStringAsync: async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false }),
    },
    session: {
      fromPartition: (partition: string) => {
        f().calls.push(`session:${partition}`);
        return {
          protocol: { handle: (_scheme: string, handler: Fake['protocolHandler']) => (f().protocolHandler = handler) },
          setPermissionRequestHandler: (handler: Fake['permissionRequest']) => (f().permissionRequest = handler),
          setPermissionCheckHandler: () => {},
          setDevicePermissionHandler: () => {},
          webRequest: { onBeforeRequest: () => {} },
        };
      },
    },
    ipcMain: {
      on: (channel: string, listener: Fake['ipcListener']) => {
        f().calls.push(`ipcMain.on:${channel}`);
        f().ipcListener = listener;
      },
      removeListener: (channel: string) => f().calls.push(`ipcMain.removeListener:${channel}`),
    },
    shell: { openExternal: async () => {} },
  };
});

beforeEach(() => {
  vi.resetModules();
  const userData = tempDir();
  mkdirSync(join(userData, 'renderer', 'dist'), { recursive: true });
  fake.current = {
    calls: [],
    userData,
    lock: true,
    packaged: false,
    appEvents: new Map(),
    exited: false,
    ready: () => {},
    webContentsEvents: new Map(),
  };
  (process as { getSystemVersion?: () => string }).getSystemVersion = () => '6.1.0';
  vi.stubEnv('LATCHKEY_DEV', '');
  vi.stubEnv('LATCHKEY_USER_DATA', userData);
  vi.stubEnv('LATCHKEY_CONFIG', join(userData, 'none.json'));
});
afterEach(async () => {
  // Whatever a test started is quit the way Electron would, so no database stays open.
  if (fake.current.loaded !== undefined && !fake.current.exited) {
    fake.current.appEvents.get('window-all-closed')?.();
    await until(() => fake.current.exited);
  }
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.argv = argv;
});
const argv = process.argv;

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Imports main, lets Electron become ready and waits for the window's page. */
async function launch(): Promise<void> {
  await import('../../../main/electron/main.ts');
  fake.current.ready();
  await until(() => fake.current.loaded !== undefined);
  expect(fake.current.loaded).toBe('app://latchkey/index.html');
}

/** One call from the app's own window over the one IPC listener, answered in full. */
async function call(method: 'query' | 'mutation', path: string, input?: unknown): Promise<BridgeResponse> {
  const id = ++lastId;
  const replies: BridgeResponse[] = [];
  fake.current.ipcListener!(
    {
      sender: { id: 1, isDestroyed: () => false },
      senderFrame: { url: 'app://latchkey/index.html', parent: null },
      reply: (_channel: string, message: BridgeResponse) => replies.push(message),
    },
    { id, method, params: { path, input } },
  );
  await until(() => replies.length > 0);
  return replies[0]!;
}
let lastId = 0;

const codeOf = (reply: BridgeResponse) =>
  'error' in reply ? (reply.error.data.error as { code?: string } | undefined)?.code : undefined;

/** The AppInfo main handed the preload, read back the way the preload reads it. */
const appInfo = () =>
  appInfoFromArgv(
    (fake.current.windowOptions?.webPreferences as { additionalArguments: string[] }).additionalArguments,
  );

function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('the Electron main process', () => {
  it('a second instance takes no lock, opens no database and quits', async () => {
    fake.current.lock = false;
    await import('../../../main/electron/main.ts');
    expect(fake.current.calls).toEqual(['registerSchemesAsPrivileged', 'lock:false', 'quit']);
    expect(readdirSync(fake.current.userData)).toEqual(['renderer']);
  });

  it('the first instance locks first, then opens the database in userData and wires one window', async () => {
    await import('../../../main/electron/main.ts');
    expect(fake.current.calls.slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'lock:false']);
    expect(existsSync(join(fake.current.userData, 'latchkey.db'))).toBe(false);
    fake.current.ready();
    await until(() => fake.current.loaded !== undefined);
    expect(fake.current.loaded).toBe('app://latchkey/index.html');
    expect(existsSync(join(fake.current.userData, 'latchkey.db'))).toBe(true);
    // basic_text: the data key is a 0600 key file, not "wrapped" by a hardcoded password.
    expect(existsSync(join(fake.current.userData, 'latchkey.db.key'))).toBe(true);
    expect(fake.current.calls.filter((c) => c.startsWith('ipcMain.on'))).toEqual([`ipcMain.on:${BRIDGE_CHANNEL}`]);
    // The app becomes the handler of its magic-link scheme once it is up.
    await until(() => fake.current.calls.includes('protocolClient:latchkey'));
    const prefs = fake.current.windowOptions?.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      partition: 'persist:latchkey',
    });
    expect([...fake.current.webContentsEvents.keys()]).toEqual(
      expect.arrayContaining([
        'will-navigate',
        'will-redirect',
        'will-attach-webview',
        'did-start-navigation',
        'destroyed',
      ]),
    );
    expect(fake.current.windowOpen?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    fake.current.permissionRequest?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((await fake.current.protocolHandler!(new Request('app://latchkey/../latchkey.db'))).status).toBe(404);

    // The one listener answers the window and refuses anyone else.
    const replies: BridgeResponse[] = [];
    const event = (url: string, parent: unknown = null) => ({
      sender: { id: 1, isDestroyed: () => false },
      senderFrame: { url, parent },
      reply: (_channel: string, message: BridgeResponse) => replies.push(message),
    });
    fake.current.ipcListener!(event('app://latchkey/index.html'), {
      id: 1,
      method: 'query',
      params: { path: 'app.state' },
    });
    fake.current.ipcListener!(event('https://evil.test/'), { id: 2, method: 'query', params: { path: 'app.state' } });
    await until(() => replies.length === 2);
    expect(replies.find((r) => 'id' in r && r.id === 1)).toMatchObject({
      result: { type: 'data', data: { activeUserId: null, rememberMe: { available: false, reason: 'basic_text' } } },
    });
    expect(replies.find((r) => 'id' in r && r.id === 2)).toMatchObject({
      error: { data: { error: { code: 'FORBIDDEN' } } },
    });
  });

  describe('dev mode', () => {
    // What LATCHKEY_CONFIG names when tried on a packaged app: dev mode and a public demo code.
    const devConfig = (dir: string) =>
      writeJson(join(dir, 'dev.config.json'), {
        idleMinutes: 42,
        server: { devMode: true, email: { demoAccounts: [DEV_DEMO_ACCOUNT], allowDemoAccounts: true } },
      });
    const demoSignIn = () =>
      call('mutation', 'auth.verifyEmailCode', { email: DEV_DEMO_ACCOUNT.email, code: DEV_DEMO_ACCOUNT.code });

    it('a packaged app runs in production mode whatever the flags and environment say', async () => {
      const elsewhere = tempDir();
      fake.current.packaged = true;
      vi.stubEnv('LATCHKEY_DEV', '1');
      vi.stubEnv('LATCHKEY_CONFIG', devConfig(elsewhere));
      vi.stubEnv('LATCHKEY_USER_DATA', elsewhere);
      process.argv = [...argv, '--dev'];
      // Its own config file, in its own userData, is the one it reads.
      writeJson(join(fake.current.userData, 'latchkey.config.json'), { idleMinutes: 7 });
      await launch();
      expect(appInfo()).toMatchObject({ devMode: false, idleMinutes: 7 });
      expect(fake.current.windowOptions?.webPreferences).toMatchObject({ devTools: false });
      expect(existsSync(join(fake.current.userData, 'latchkey.db'))).toBe(true);
      expect(readdirSync(elsewhere)).toEqual(['dev.config.json']);
      expect(codeOf(await call('query', 'app.devOutbox'))).toBe('NOT_FOUND');
      expect(codeOf(await demoSignIn())).toBe('CODE_INVALID');
    });

    it('an unpackaged app takes the same flags: dev inbox, the demo account, the named config', async () => {
      vi.stubEnv('LATCHKEY_DEV', '1');
      vi.stubEnv('LATCHKEY_CONFIG', devConfig(fake.current.userData));
      await launch();
      expect(appInfo()).toMatchObject({ devMode: true, idleMinutes: 42 });
      expect(fake.current.windowOptions?.webPreferences).toMatchObject({ devTools: true });
      expect(dataOf<unknown[]>(await call('query', 'app.devOutbox'))).toEqual([]);
      expect(dataOf<{ user: { email: string } }>(await demoSignIn()).user.email).toBe(DEV_DEMO_ACCOUNT.email);
    });
  });

  describe('quitting', () => {
    /** Log lines main wrote to stderr. */
    function captureLog(): string[] {
      const lines: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      return lines;
    }
    const withHttp = () =>
      vi.stubEnv(
        'LATCHKEY_CONFIG',
        writeJson(join(fake.current.userData, 'http.config.json'), {
          httpTransport: true,
          server: { http: { port: 0 } },
        }),
      );

    it('on the last window closed, stops IPC and the HTTP transport, then closes the database', async () => {
      const log = captureLog();
      withHttp();
      await launch();
      const db = join(fake.current.userData, 'latchkey.db');
      const url = /HTTP transport on" url="([^"]+)"/.exec(log.join(''))?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(existsSync(`${db}-wal`)).toBe(true);

      fake.current.appEvents.get('window-all-closed')!();
      expect(fake.current.exited).toBe(false); // held back until everything is closed
      await until(() => fake.current.exited);
      expect(fake.current.calls.filter((c) => c === 'quit')).toHaveLength(2);
      expect(fake.current.calls).toContain(`ipcMain.removeListener:${BRIDGE_CHANNEL}`);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      // SQLite removes the write-ahead log when the last connection closes.
      expect(existsSync(`${db}-wal`)).toBe(false);
      expect(log.join('')).toContain('msg="auth server closed"');
    });

    it('a quit during start-up waits for the start, then closes what it opened', async () => {
      const log = captureLog();
      withHttp();
      await import('../../../main/electron/main.ts');
      fake.current.appEvents.get('window-all-closed')!();
      expect(fake.current.exited).toBe(false);
      fake.current.ready();
      await until(() => fake.current.exited);
      const db = join(fake.current.userData, 'latchkey.db');
      expect(existsSync(db)).toBe(true);
      expect(existsSync(`${db}-wal`)).toBe(false);
      const url = /HTTP transport on" url="([^"]+)"/.exec(log.join(''))?.[1];
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      expect(log.join('')).toContain('msg="auth server closed"');
    });
  });
});
