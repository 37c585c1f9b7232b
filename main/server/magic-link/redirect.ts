// Where a magic link may send the person once signed in (docs/security.md R74): a path on the
// server's own origin, or a URL under one of `magicLink.redirectAllowlist` (origin and path
// prefix). Never anything else, so a link is never an open redirect.
import type { MagicLinkConfig } from './config.ts';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

const pathUnder = (path: string, prefix: string): boolean =>
  prefix === '/' || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/**
 * The redirect target as it will be stored and followed, or undefined when it is not allowed.
 * `ownOrigin` is the origin the request came to (HTTP), when known.
 */
export function allowedRedirect(
  config: Pick<MagicLinkConfig, 'redirectAllowlist' | 'webBaseUrl'>,
  ownOrigin: string | undefined,
  target: string,
): string | undefined {
  if (UNSAFE.test(target)) return undefined;
  // A path on this origin: one leading slash only (`//evil.test` is another host).
  if (target.startsWith('/')) {
    if (target.startsWith('//')) return undefined;
    const resolved = new URL(target, 'http://self.invalid');
    // Checked again once normalized: `/.//evil.test` becomes `//evil.test`.
    if (resolved.origin !== 'http://self.invalid' || resolved.pathname.startsWith('//')) return undefined;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  const own = [ownOrigin, config.webBaseUrl && new URL(config.webBaseUrl).origin].filter(Boolean);
  if (own.includes(url.origin)) return url.href;
  for (const entry of config.redirectAllowlist) {
    const allowed = new URL(entry);
    if (allowed.origin === url.origin && pathUnder(url.pathname, allowed.pathname)) return url.href;
  }
  return undefined;
}
