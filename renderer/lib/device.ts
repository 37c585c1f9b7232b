// What a browser can say about itself when it signs in (the device facts of docs/rest-api.md). The id the
// server assigned is kept so this browser stays one device across sign-ins, and so are the trust
// tokens of the accounts that trusted it at the second factor (the id alone skips nothing).
import type { DeviceInput, Platform } from '../../shared/schemas.ts';

const DEVICE_ID_KEY = 'latchkey.deviceId';
const DEVICE_TRUST_KEY = 'latchkey.deviceTrust';

export function browserPlatform(userAgent: string): Platform {
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'ios';
  if (/Android/i.test(userAgent)) return 'android';
  return 'web';
}

/** What browserDeviceName can say, so a name it made can be read back (and translated). */
const BROWSERS = ['Edge', 'Firefox', 'Chrome', 'Safari', 'Browser'] as const;
const SYSTEMS = ['iPhone', 'iPad', 'Android', 'Windows', 'macOS', 'Linux'] as const;

/** "Chrome on Linux", "Safari on iPhone": a name a person recognises in the devices list. */
export function browserDeviceName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /iPhone/.test(userAgent)
    ? 'iPhone'
    : /iPad/.test(userAgent)
      ? 'iPad'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Mac OS X/.test(userAgent)
            ? 'macOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : '';
  return os ? `${browser} on ${os}` : browser;
}

/**
 * The browser and system of a name browserDeviceName made ("Chrome on Linux"), so screens can say
 * it in their own language; undefined for any other name (one a person chose is shown as is).
 */
export function parseBrowserDeviceName(name: string): { browser: string; os: string } | undefined {
  const match = /^(\w+) on (\w+)$/.exec(name);
  if (!match) return undefined;
  const [, browser = '', os = ''] = match;
  const known = (BROWSERS as readonly string[]).includes(browser) && (SYSTEMS as readonly string[]).includes(os);
  return known ? { browser, os } : undefined;
}

export function storedDeviceId(storage: Storage | undefined): string | undefined {
  try {
    return storage?.getItem(DEVICE_ID_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberDeviceId(storage: Storage | undefined, id: string): void {
  try {
    storage?.setItem(DEVICE_ID_KEY, id);
  } catch {
    // Private mode: the server assigns a new id next time, which is only less tidy.
  }
}

export function browserDevice(storage: Storage | undefined, userAgent: string, locale: string): DeviceInput {
  const id = storedDeviceId(storage);
  return {
    ...(id ? { id } : {}),
    platform: browserPlatform(userAgent),
    name: browserDeviceName(userAgent),
    locale,
  };
}

/** Trust tokens by account, keyed by email: that is all a sign-in knows before it succeeds. */
const trustKey = (email: string) => email.trim().toLowerCase();

function trustTokens(storage: Storage | undefined): Record<string, string> {
  try {
    const saved = JSON.parse(storage?.getItem(DEVICE_TRUST_KEY) ?? '{}') as unknown;
    return typeof saved === 'object' && saved !== null && !Array.isArray(saved)
      ? (saved as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

export function storedTrustToken(storage: Storage | undefined, email: string): string | undefined {
  const token = trustTokens(storage)[trustKey(email)];
  return typeof token === 'string' ? token : undefined;
}

/** Keeps the account's trust token for this browser, or forgets it (`undefined`). */
export function rememberTrustToken(storage: Storage | undefined, email: string, token: string | undefined): void {
  const tokens = trustTokens(storage);
  if (token === undefined) delete tokens[trustKey(email)];
  else tokens[trustKey(email)] = token;
  try {
    if (Object.keys(tokens).length === 0) storage?.removeItem(DEVICE_TRUST_KEY);
    else storage?.setItem(DEVICE_TRUST_KEY, JSON.stringify(tokens));
  } catch {
    // Private mode: the second factor is asked again next time.
  }
}
