// Browser mode: the built screens served at / on the API's own origin, so a phone or a desktop
// browser can sign in. Only files under the root are served (no traversal), and pages carry the
// strict CSP of docs/security.md R51: no inline script, nothing from elsewhere.
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

// node:fs/promises, and the readline it loads, only once a file is asked for.
const stat = (file: string) => process.getBuiltinModule('node:fs/promises').stat(file);
const readFile = (file: string) => process.getBuiltinModule('node:fs/promises').readFile(file);

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file for a URL path under `root`, or undefined (not there, not a file, or outside root). */
async function locate(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const file = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/** Serves the file if there is one; false lets the caller answer 404. */
export async function serveStatic(rootDir: string, pathname: string, res: ServerResponse): Promise<boolean> {
  const root = resolve(rootDir);
  const file = await locate(root, pathname);
  const type = file ? TYPES[extname(file).toLowerCase()] : undefined;
  if (!file || !type) return false;
  const body = await readFile(file);
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', body.length);
  // Public files, the same for everyone: a browser may keep them but asks again before each use;
  // API answers stay no-store (docs/http.md).
  res.setHeader('Cache-Control', 'no-cache');
  if (type.startsWith('text/html')) res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.end(body);
  return true;
}

/** Where a magic link lands in browser mode (main/server/magic-link/link-url.ts). */
export const MAGIC_LANDING_PATH = '/auth/magic';

/**
 * The screens' index.html at `/auth/magic`: its relative asset paths are one folder up from there.
 * No redirect: the token stays in this one request and the page removes it from the address bar.
 */
export async function serveMagicLanding(rootDir: string, res: ServerResponse): Promise<boolean> {
  const root = resolve(rootDir);
  const file = await locate(root, '/index.html');
  if (!file) return false;
  const body = Buffer.from((await readFile(file)).toString('utf8').replace(/(src|href)="\.\//g, '$1="../'));
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES['.html']!);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.end(body);
  return true;
}
