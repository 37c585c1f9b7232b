// Who may talk to the server at all: the Host header must name this server (DNS rebinding,
// docs/security.md R58) and a browser Origin must be this server or an allowlisted one (CORS, R59).
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** `host` as it appears in a URL or a Host header (IPv6 in brackets). */
export const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/** The Host header values this server answers to, once its port is known. */
export function allowedHostHeaders(boundHost: string, port: number, extraNames: readonly string[]): Set<string> {
  const allowed = new Set<string>();
  for (const name of [...LOOPBACK_NAMES, urlHost(boundHost), ...extraNames]) {
    const lower = name.toLowerCase();
    allowed.add(`${lower}:${port}`);
    if (port === 80) allowed.add(lower);
  }
  // A configured name may carry its own port (behind a proxy); take it literally too.
  for (const name of extraNames) allowed.add(name.toLowerCase());
  return allowed;
}

export interface OriginPolicy {
  /** Normalised origins (scheme://host[:port]) allowed cross-origin. */
  allowlist: ReadonlySet<string>;
}

export function normalizeOrigins(origins: readonly string[]): Set<string> {
  return new Set(origins.map((origin) => new URL(origin).origin));
}

/**
 * 'same' for the server's own pages, 'allowed' for an allowlisted origin, 'denied' otherwise.
 * Requests without an Origin header (curl, phones, scripts) are not browser cross-origin calls.
 */
export function classifyOrigin(origin: string | undefined, host: string, policy: OriginPolicy) {
  if (origin === undefined) return 'none' as const;
  if (origin === `http://${host}` || origin === `https://${host}`) return 'same' as const;
  return policy.allowlist.has(origin) ? ('allowed' as const) : ('denied' as const);
}

export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept-Language',
  'X-Device-Id',
  'X-Device-Platform',
  'X-Device-Name',
  'X-Device-Os-Version',
  'X-Device-App-Version',
  'X-Device-Fingerprint',
  'X-Device-Trust',
  'trpc-accept',
].join(', ');

export const CORS_ALLOW_METHODS = 'GET, POST, PATCH, DELETE';
