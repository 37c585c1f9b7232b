// The floor server: bare node:http on 127.0.0.1 with one better-sqlite3 primary-key read per
// request, so the cost an auth server adds on top of HTTP and SQLite can be read off directly.
//   node bench/http/floor-server.ts [DB_FILE]
//   GET /hello → a small static JSON body; GET /read?i=N → one point read (needs DB_FILE)
// Prints `READY {"port":N}` once it listens; exits on SIGTERM.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';

const ROWS = 10_000;
const file = process.argv[2];
const tokens: string[] = [];
let read: ((token: string) => unknown) | undefined;
let db: Database.Database | undefined;

if (file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE sessions (token TEXT PRIMARY KEY, user_id INTEGER NOT NULL, expires_at INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO sessions VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const token = randomBytes(24).toString('base64url');
      tokens.push(token);
      insert.run(token, i + 1, Date.now() + 86_400_000);
    }
  })();
  const select = db.prepare('SELECT * FROM sessions WHERE token = ?');
  read = (token) => select.get(token);
}

const hello = JSON.stringify({ ok: true, user: { id: 1, email: 'ada@example.com' } });
const server = createServer((req, res) => {
  let body: string | undefined;
  if (req.url === '/hello') body = hello;
  else if (read && req.url?.startsWith('/read')) {
    const i = Number(req.url.split('=')[1] ?? 0) % ROWS;
    body = JSON.stringify(read(tokens[i]!) ?? null);
  }
  if (body === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`READY ${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  db?.close();
  process.exit(0);
});
