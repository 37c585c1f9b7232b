// The handlers main installs on the window and its session (docs/security.md R52): no navigation away
// from the app, no new windows, no permission of any kind, no request to anything but the app.
// Pure functions over Electron-shaped arguments, so tests check exactly what main installs.
import { originOf } from '../ipc/sender-policy.ts';
import { isAllowedExternalUrl } from './external-links.ts';

export interface GuardOptions {
  appOrigin: string;
  externalLinks: readonly string[];
  /** shell.openExternal, called only for allowlisted https URLs. */
  openExternal(url: string): void;
}

/** `will-navigate` / `will-redirect`: stay inside the app's own origin. */
export function navigationGuard(options: Pick<GuardOptions, 'appOrigin'>) {
  return (event: { preventDefault(): void; url?: string }, url?: string): void => {
    const target = event.url ?? url ?? '';
    if (originOf(target) !== options.appOrigin) event.preventDefault();
  };
}

/** setWindowOpenHandler: never a new window; an allowlisted https link opens in the browser. */
export function windowOpenGuard(options: GuardOptions) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (isAllowedExternalUrl(url, options.externalLinks)) options.openExternal(url);
    return { action: 'deny' };
  };
}

/** setPermissionRequestHandler: camera, notifications, geolocation… all denied. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** setPermissionCheckHandler and setDevicePermissionHandler: nothing is granted. */
export const denyPermissionCheck = (): boolean => false;

/** webRequest.onBeforeRequest: the app's pages load nothing but the app (and DevTools in dev). */
export function requestFilter(options: Pick<GuardOptions, 'appOrigin'>) {
  return (details: { url: string }, callback: (response: { cancel: boolean }) => void): void => {
    const origin = originOf(details.url);
    // data: images are allowed by the CSP (img-src 'self' data:); devtools:// only exists in dev mode.
    const allowed = origin === options.appOrigin || /^(devtools:\/\/|data:image\/)/.test(details.url);
    callback({ cancel: !allowed });
  };
}

/** `will-attach-webview`: the tag is disabled; refuse it should it ever be attempted. */
export function refuseWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}
