// The window and session handlers main installs (docs/security.md R50, R52), checked over the very
// objects and functions main passes to Electron.
import { describe, expect, it, vi } from 'vitest';
import { appInfoFromArgv } from '../../../shared/bridge.ts';
import { isAllowedExternalUrl } from '../../../main/shell/external-links.ts';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  navigationGuard,
  refuseWebview,
  requestFilter,
  windowOpenGuard,
} from '../../../main/shell/guards.ts';
import { mainWindowOptions } from '../../../main/window.ts';

const settings = {
  preload: '/app/out/preload/index.cjs',
  kiosk: false,
  devTools: false,
  partition: 'persist:latchkey',
  appInfo: { name: 'Latchkey', version: '0.1.0', platform: 'linux', kiosk: false, idleMinutes: 5, devMode: false },
};
const appOrigin = 'app://latchkey';

describe('the window', () => {
  it('writes out every security preference (R50)', () => {
    const prefs = mainWindowOptions(settings).webPreferences!;
    expect(prefs).toMatchObject({
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
      devTools: false,
      preload: '/app/out/preload/index.cjs',
      partition: 'persist:latchkey',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('goes full screen in kiosk mode and hands the preload its app info', () => {
    const options = mainWindowOptions({ ...settings, kiosk: true, devTools: true });
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(options.webPreferences?.devTools).toBe(true);
    expect(appInfoFromArgv(['electron', ...options.webPreferences!.additionalArguments!])).toEqual(settings.appInfo);
  });

  it('reads only known, well-typed app info fields', () => {
    const forged = `--latchkey-app-info=${encodeURIComponent(JSON.stringify({ name: 7, kiosk: 'yes', extra: 1, locale: 'zh-CN' }))}`;
    expect(appInfoFromArgv([forged])).toEqual({
      name: 'Latchkey',
      version: '0.0.0',
      platform: 'unknown',
      locale: 'zh-CN',
    });
    expect(appInfoFromArgv(['--latchkey-app-info=%E0%A4%A'])).toMatchObject({ name: 'Latchkey' });
  });
});

describe('navigation and new windows (R52)', () => {
  const navigate = navigationGuard({ appOrigin });
  it.each([
    ['https://example.com.attacker.test/', true],
    ['app://latchkey.evil/index.html', true],
    ['file:///etc/passwd', true],
    ['javascript:alert(1)', true],
    ['http://localhost:3000/', true],
    ['app://latchkey/index.html#/account', false],
  ])('will-navigate to %s → prevented: %s', (url, prevented) => {
    const event = { url, preventDefault: vi.fn() };
    navigate(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(prevented ? 1 : 0);
  });

  it('denies every window.open, sending only allowlisted https links to the browser', () => {
    const openExternal = vi.fn();
    const open = windowOpenGuard({ appOrigin, externalLinks: ['https://docs.latchkey.dev/help/'], openExternal });
    for (const url of [
      'https://docs.latchkey.dev/help/2fa',
      'https://docs.latchkey.dev/helpers',
      'http://docs.latchkey.dev/help/x',
      'file:///etc/passwd',
      'smb://host/share',
      'app://latchkey/index.html',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://docs.latchkey.dev/help/2fa']]);
  });

  it('refuses a webview should one be attempted', () => {
    const event = { preventDefault: vi.fn() };
    refuseWebview(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('shell.openExternal allowlist', () => {
  const allow = ['https://latchkey.dev/privacy', 'https://help.example.org/'];
  it.each([
    ['https://latchkey.dev/privacy', true],
    ['https://latchkey.dev/privacy/cookies', true],
    ['https://latchkey.dev/privacy-not', false],
    ['https://help.example.org/a/b?c=d', true],
    ['https://help.example.org.evil.test/', false],
    ['https://user:pw@help.example.org/', false],
    ['http://help.example.org/', false],
    ['file:///etc/passwd', false],
    ['smb://help.example.org/', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, allow)).toBe(allowed);
  });
});

describe('permissions and requests (R52)', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'hid'])(
    'denies the %s permission',
    (permission) => {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(denyPermissionCheck()).toBe(false);
    },
  );

  it('lets the page load only the app itself', () => {
    const filter = requestFilter({ appOrigin });
    const cancelled = (url: string) => {
      let result: boolean | undefined;
      filter({ url }, (response) => (result = response.cancel));
      return result;
    };
    expect(cancelled('app://latchkey/assets/index.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/trpc')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('data:image/svg+xml;base64,PHN2Zy8+')).toBe(false);
    expect(cancelled('data:text/html,<script>alert(1)</script>')).toBe(true);
  });
});
