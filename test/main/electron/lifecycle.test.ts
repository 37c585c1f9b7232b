// The Electron-only glue, run under Node against a fake `electron` module: the single-instance
// lock is taken before anything touches the database, a second instance opens nothing, and a first
// instance wires the protocol, the session guards, the one IPC listener and the window exactly
// with the Electron-free pieces the other suites test.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNEL, type BridgeResponse } from '../../../shared/bridge.ts';
import { tempDir } from '../../helpers/server.ts';

interface Fake {
  calls: string[];
  userData: string;
  lock: boolean;
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
  return {
    BrowserWindow,
    app: {
      isPackaged: false,
      getPath: (name: string) => (name === 'userData' ? f().userData : f().userData),
      setPath: (_name: string, path: string) => (f().userData = path),
      requestSingleInstanceLock: () => {
        f().calls.push(`lock:${existsSync(join(f().userData, 'latchkey.db'))}`);
        return f().lock;
      },
      quit: () => f().calls.push('quit'),
      exit: (code: number) => f().calls.push(`exit:${code}`),
      on: (name: string) => f().calls.push(`app.on:${name}`),
      whenReady: () => (whenReady ??= new Promise<void>((resolve) => (f().ready = resolve))),
      getAppPath: () => f().userData,
      getVersion: () => '0.1.0',
      getName: () => 'Latchkey',
      getLocale: () => 'en-US',
    },
    protocol: { registerSchemesAsPrivileged: () => f().calls.push('registerSchemesAsPrivileged') },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
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
      removeListener: () => {},
    },
    shell: { openExternal: async () => {} },
  };
});

beforeEach(() => {
  vi.resetModules();
  const userData = tempDir();
  mkdirSync(join(userData, 'renderer', 'dist'), { recursive: true });
  fake.current = { calls: [], userData, lock: true, ready: () => {}, webContentsEvents: new Map() };
  (process as { getSystemVersion?: () => string }).getSystemVersion = () => '6.1.0';
  vi.stubEnv('LATCHKEY_DEV', '');
  vi.stubEnv('LATCHKEY_USER_DATA', userData);
  vi.stubEnv('LATCHKEY_CONFIG', join(userData, 'none.json'));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

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
});
