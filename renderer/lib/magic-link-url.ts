// Where the screens find a sign-in link's token: `<base>/auth/magic?token=…` in a browser (the
// HTTP server answers that path with the screens), or `index.html?magicLinkToken=…` where the
// desktop app's main process sends the window (main/shell/deep-link.ts). `cleanUrl` is the same
// page without the token, for history.replaceState.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function magicLinkToken(href: string): { token: string; cleanUrl: string } | undefined {
  const url = new URL(href);
  const fromPath = url.pathname.endsWith('/auth/magic') ? url.searchParams.get('token') : null;
  const token = fromPath ?? url.searchParams.get('magicLinkToken');
  if (!token || !TOKEN.test(token)) return undefined;
  const clean = fromPath ? new URL('../', url) : new URL(url.pathname, url);
  return { token, cleanUrl: `${clean.pathname}#/sign-in` };
}
