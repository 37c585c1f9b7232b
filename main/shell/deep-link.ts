// Deep links into the desktop app (docs/getting-started-electron.md): which of the URLs the OS
// hands over is a magic link of ours. Only `<scheme>://auth/magic?token=<43 base64url chars>` is
// taken; any other host, path, extra parameter, credentials, port, fragment or an overlong input
// is ignored, so a crafted link cannot steer the app anywhere else. Electron-free, tested under
// Node; main/electron/deep-links.ts wires it to `open-url` and `second-instance`.

export const MAX_DEEP_LINK_LENGTH = 512;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SCHEME = /^[a-z][a-z0-9+.-]{1,31}$/;

export type DeepLink = { kind: 'magic'; token: string } | { kind: 'ignore' };

const IGNORE: DeepLink = { kind: 'ignore' };

/** What one URL asks of the app, for the configured scheme. */
export function parseDeepLink(input: unknown, scheme: string): DeepLink {
  if (typeof input !== 'string' || input.length > MAX_DEEP_LINK_LENGTH || !SCHEME.test(scheme)) return IGNORE;
  // The scheme before any parsing: URL would accept leading spaces and fold case.
  if (!input.toLowerCase().startsWith(`${scheme}://`)) return IGNORE;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return IGNORE;
  }
  if (url.protocol !== `${scheme}:` || url.host !== 'auth' || url.pathname !== '/magic') return IGNORE;
  if (url.username || url.password || url.port || url.hash) return IGNORE;
  const keys = [...url.searchParams.keys()];
  const token = url.searchParams.get('token');
  if (keys.length !== 1 || keys[0] !== 'token' || token === null || !TOKEN.test(token)) return IGNORE;
  return { kind: 'magic', token };
}

/**
 * The deep link among a launch's arguments (Windows and Linux pass the URL on the command line, to
 * the first launch or, through the single-instance lock, to `second-instance`). Switches are not
 * URLs; the first argument in our scheme decides, whatever it says.
 */
export function deepLinkFromArgv(argv: readonly unknown[], scheme: string): DeepLink {
  const candidate = argv.find(
    (arg): arg is string => typeof arg === 'string' && arg.toLowerCase().startsWith(`${scheme}:`),
  );
  return candidate === undefined ? IGNORE : parseDeepLink(candidate, scheme);
}

/**
 * `app.setAsDefaultProtocolClient` arguments. An unpackaged run (`electron .`) must name the app
 * folder, or the OS would start bare Electron for the link.
 */
export function protocolClientArgs(input: {
  scheme: string;
  defaultApp: boolean;
  execPath: string;
  appPath: string;
}): [string] | [string, string, string[]] {
  return input.defaultApp ? [input.scheme, input.execPath, [input.appPath]] : [input.scheme];
}

/** Where the window goes to show the landing page for a token (the screens read it there). */
export const magicLandingUrl = (entryUrl: string, token: string): string =>
  `${entryUrl}?magicLinkToken=${encodeURIComponent(token)}`;
