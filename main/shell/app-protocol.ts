// The app:// protocol that serves the screens (docs/security.md R55): a privileged standard scheme
// (the app gets a real origin, so CSP 'self' and the IPC origin check mean something), GET only,
// files only from the renderer build directory. Traversal in any spelling (.., %2e%2e, encoded
// slashes or backslashes, symlinks leading out) answers 404. Pure: takes a Request, returns a
// Response, so Electron's protocol.handle uses it as is and tests call it under Node.
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { SECURITY_HEADERS } from './content-security.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'latchkey';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]) before `ready`. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: false,
  },
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL names inside `root`, or undefined when it names anything outside it. */
export function resolveAppPath(root: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) {
    return undefined;
  }
  const segments: string[] = [];
  for (const raw of parsed.pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // Decoded separators, dot segments, NUL and drive letters would all steer outside the root.
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const file = join(root, ...segments);
  return isInside(root, file) ? file : undefined;
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function notFound(status = 404): Response {
  return new Response(null, { status, headers: SECURITY_HEADERS });
}

/** The protocol handler: serves `root` (the renderer build), nothing else. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const realRoot = realpath(root).catch(() => root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const file = resolveAppPath(root, request.url);
    if (!file) return notFound();
    try {
      // Symlinks inside the build must not lead out of it.
      const real = await realpath(file);
      if (!isInside(await realRoot, real) || !(await stat(real)).isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await readFile(real);
      const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
    } catch {
      return notFound();
    }
  };
}
