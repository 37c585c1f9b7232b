// The floor server: bare node:http on 127.0.0.1 with one better-sqlite3 primary-key read per
// request, so the cost an auth server adds on top of HTTP and SQLite can be read off directly.
//   node bench/http/floor-server.ts [DB_FILE] [--argon2id=JSON]
//   GET /hello → a small static JSON body; GET /read?i=N → one point read (needs DB_FILE);
//   POST /hash → one argon2id hash with the JSON's parameters ({memoryKiB, passes, parallelism}),
//   as many at once as there are cores (as Latchkey's hasher), and nothing else.
// Prints `READY {"port":N}` once it listens; exits on SIGTERM.
import { argon2, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import Database from 'better-sqlite3';

const ROWS = 10_000;
const HASH_FLAG = '--argon2id=';
const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const hashParams = process.argv.find((arg) => arg.startsWith(HASH_FLAG))?.slice(HASH_FLAG.length);
const hash = hashParams ? hasher(JSON.parse(hashParams) as ArgonParams) : undefined;
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
  if (hash && req.method === 'POST' && req.url === '/hash') {
    req.resume();
    req.on('end', () => void hash().then(() => res.writeHead(200, { 'content-length': 2 }).end('{}')));
    return;
  }
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

interface ArgonParams {
  memoryKiB: number;
  passes: number;
  parallelism: number;
}

/** One hash per call on libuv's pool, at most one per core at a time; the rest wait their turn. */
function hasher({ memoryKiB, passes, parallelism }: ArgonParams): () => Promise<void> {
  const message = Buffer.from('correct horse battery staple');
  const waiting: Array<() => void> = [];
  let running = 0;
  const derive = () =>
    new Promise<void>((resolve, reject) =>
      argon2(
        'argon2id',
        { message, nonce: randomBytes(16), parallelism, tagLength: 32, memory: memoryKiB, passes },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  return async () => {
    if (running >= availableParallelism()) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      await derive();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
