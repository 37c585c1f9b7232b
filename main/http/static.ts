// The built login screens (renderer/dist, from `npm run build:renderer`) served at / on the API's
// own origin, under a strict CSP: scripts and styles only from this origin, no inline code, images
// also as data: URIs (QR codes, captchas), connections back to this origin (fetch and WebSocket).
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` writes the screens (vite.config.ts). */
export const SCREENS_DIR = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

export const SCREENS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** True when this GET/HEAD path is a screen file rather than an API route. */
export function isScreensPath(pathname: string): boolean {
  return (
    pathname === '/' || pathname === '/index.html' || pathname === '/favicon.svg' || pathname.startsWith('/assets/')
  );
}

/**
 * Answers a GET or HEAD for the screens. Returns false when there is no such file, so the caller
 * answers 404 in the API's envelope.
 */
export async function serveScreens(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  root: string = SCREENS_DIR,
): Promise<boolean> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || relative.includes('\0')) return false;
  let body: Buffer;
  try {
    if (!(await stat(file)).isFile()) return false;
    body = await readFile(file);
  } catch {
    return false;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Content-Security-Policy', SCREENS_CSP);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  // Hashed bundle names never change content; the page itself is always fetched fresh.
  res.setHeader('Cache-Control', relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
