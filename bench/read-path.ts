// The authenticated read (`GET /v1/me`) on its own, for comparing versions of the code in ONE
// process, rounds interleaved, so that a loaded machine weighs on every version alike
// (docs/benchmarks.md). Each `--tree name=dir` is a checkout of this repository (with
// node_modules linked): its own auth server on a temp-file database, one signed-in user.
//   node_modules/.bin/node bench/read-path.ts [--tree before=/tmp/old] [--rounds 9] [--calls 4000]
//     [--mode dispatch|http|both] [--profile-only name]
// "dispatch": the REST dispatcher's runRoute called in process (no sockets); "http": node:http on
// 127.0.0.1, one keep-alive connection, one request at a time (the client's CPU counts too, the same
// for every version). Figures are this process's CPU time, not wall time: other jobs on the machine
// stretch wall time far more than they stretch CPU time.
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as ServerModule from '../main/server/server.ts';
import type * as HttpModule from '../main/http/server.ts';
import type * as RoutesModule from '../main/http/rest/routes.ts';
import type * as DispatchModule from '../main/http/rest/dispatch.ts';
import { median, round } from './lib/stats.ts';

interface Subject {
  name: string;
  dispatch: () => Promise<unknown>;
  http: () => Promise<string>;
  close: () => Promise<void>;
}

const { values } = parseArgs({
  options: {
    tree: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '9' },
    calls: { type: 'string', default: '4000' },
    mode: { type: 'string', default: 'both' },
    'profile-only': { type: 'string' },
  },
});
const trees = [`current=${resolve(import.meta.dirname, '..')}`, ...values.tree].map((spec) => {
  const [name, dir] = spec.split('=') as [string, string];
  return { name, dir: resolve(dir) };
});

async function subject(name: string, root: string, dir: string): Promise<Subject> {
  const { createAuthServer } = (await import(join(root, 'main/server/server.ts'))) as typeof ServerModule;
  const { createHttpServer } = (await import(join(root, 'main/http/server.ts'))) as typeof HttpModule;
  const { REST_ROUTES } = (await import(join(root, 'main/http/rest/routes.ts'))) as typeof RoutesModule;
  const { RouteTable, runRoute } = (await import(join(root, 'main/http/rest/dispatch.ts'))) as typeof DispatchModule;
  const database = join(dir, `${name}.db`);
  const auth = createAuthServer({
    database,
    password: { memoryKiB: 1024, passes: 1 },
    limits: { perAddress: false },
  });
  const email = `${name}@example.com`;
  await auth.caller({ transport: 'http', ipAddress: '127.0.0.1' }).auth.register({
    email,
    password: 'correct horse battery staple',
    name: 'Bench User',
  });
  const signIn = await auth.caller({ transport: 'http', ipAddress: '127.0.0.1' }).auth.login({
    email,
    password: 'correct horse battery staple',
  });
  if (signIn.requires2fa) throw new Error('unexpected second factor');
  const token = signIn.tokens.accessToken;
  const match = new RouteTable(REST_ROUTES).match('GET', '/v1/me');
  if (match.kind !== 'route') throw new Error('no GET /v1/me route');
  const http = createHttpServer(auth, { port: 0, screens: false });
  const { port } = await http.listen();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` };
  return {
    name,
    dispatch: () =>
      runRoute(
        auth,
        match,
        { transport: 'http', locale: 'en', ipAddress: '127.0.0.1', accessToken: token } as never,
        undefined,
      ),
    http: () =>
      new Promise<string>((done, fail) => {
        const req = request({ host: '127.0.0.1', port, path: '/v1/me', agent, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => (res.statusCode === 200 ? done(body) : fail(new Error(`${res.statusCode} ${body}`))));
        });
        req.on('error', fail);
        req.end();
      }),
    async close() {
      agent.destroy();
      await http.close();
      await auth.close();
    },
  };
}

/** This process's CPU time per call (user + system), in µs: steadier than wall time on a shared machine. */
async function cpuPerCall(run: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const dir = mkdtempSync(join(tmpdir(), 'latchkey-read-path-'));
const subjects: Subject[] = [];
try {
  for (const { name, dir: root } of trees) subjects.push(await subject(name, root, dir));
  const modes = values.mode === 'both' ? (['dispatch', 'http'] as const) : [values.mode as 'dispatch' | 'http'];
  const rounds = Number(values.rounds);
  const calls = Number(values.calls);
  const only = values['profile-only'];
  for (const mode of modes) {
    const perCall = mode === 'http' ? Math.max(200, Math.round(calls / 8)) : calls;
    const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
    const chosen = subjects.filter((s) => !only || s.name === only);
    for (const s of chosen) await cpuPerCall(s[mode], perCall); // warm-up
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round: no version always runs first after a pause.
      for (let k = 0; k < chosen.length; k++) {
        const s = chosen[(r + k) % chosen.length]!;
        samples.get(s.name)!.push(await cpuPerCall(s[mode], perCall));
      }
    }
    console.log(`${mode}: CPU µs per call, ${rounds} rounds of ${perCall} calls (median [min–max])`);
    for (const s of chosen) {
      const xs = samples.get(s.name)!;
      console.log(`  ${s.name.padEnd(10)} ${round(median(xs))} [${round(Math.min(...xs))}–${round(Math.max(...xs))}]`);
    }
  }
} finally {
  for (const s of subjects) await s.close();
  rmSync(dir, { recursive: true, force: true });
}
