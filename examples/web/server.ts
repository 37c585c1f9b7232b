// A web page that signs in with Latchkey's elements, and the auth server it talks to:
// - the API: latchkey/server served by latchkey/http (REST, tRPC, live events) on its own port;
// - the page: public/ plus the no-bundler elements build (latchkey/elements.js and the chunks
//   beside it), from a tiny static handler on another origin that the API allows (CORS).
// Usage: node server.ts [--dev] [--port 8080] [--api-port 4317]   (0 picks free ports)
// --dev mails sign-in codes to the dev outbox (GET /v1/dev/outbox?email=…) instead of SMTP.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHttpServer } from 'latchkey/http';
import { createAuthServer, OffsetClock } from 'latchkey/server';

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    port: { type: 'string', default: '8080' },
    'api-port': { type: 'string', default: '4317' },
    db: { type: 'string', default: 'web-example.db' },
  },
});

const PUBLIC = join(import.meta.dirname, 'public');
// The single-file elements and their lazy chunks, as installed with the package.
const ELEMENTS = dirname(fileURLToPath(import.meta.resolve('latchkey/elements.js')));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// The page's server first: the API must know its origin to allow it.
let apiUrl = '';
const page = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://page').pathname;
  const file = path === '/' ? join(PUBLIC, 'index.html') : resolveFile(path);
  if (file === undefined) return void res.writeHead(404).end();
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch {
    return void res.writeHead(404).end();
  }
  res.writeHead(200, {
    'Content-Type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
    // The page may call the API (and its events socket) and nothing else; no inline script.
    'Content-Security-Policy':
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
      `connect-src ${apiUrl} ${apiUrl.replace(/^http/, 'ws')}; base-uri 'none'; form-action 'none'`,
  });
  res.end(path === '/' ? body.replace('%LATCHKEY_API%', apiUrl) : body);
});

/** /app.js and /app.css from public/, /latchkey-*.js from the package; nothing else (no paths). */
function resolveFile(path: string): string | undefined {
  const name = path.slice(1);
  if (!/^[\w-]+(\.[\w-]+)*\.(js|css)$/.test(name)) return undefined;
  return name.startsWith('latchkey-') ? join(ELEMENTS, name) : join(PUBLIC, name);
}

await new Promise<void>((resolve) => page.listen(Number(values.port), '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;

// Dev mode's routes (outbox, clock, seeding) come with a clock they may move.
const devClock = values.dev ? new OffsetClock() : undefined;
const auth = createAuthServer(
  {
    database: values.db,
    appName: 'My web app',
    issuer: 'web-example',
    audience: 'web-example',
    devMode: values.dev,
    http: { corsOrigins: [pageUrl] },
  },
  devClock ? { clock: devClock } : {},
);
const http = createHttpServer(auth, { port: Number(values['api-port']), screens: false, devClock });
apiUrl = (await http.listen()).url;

console.log(`API on ${apiUrl}`);
console.log(`Page on ${pageUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    page.close();
    await http.close();
    await auth.close();
  });
}
