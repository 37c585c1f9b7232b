// `npm start` and `npm run test:electron` where Electron's binary is missing (as here): each says
// so in one line, the suite exits 0, and start runs `latchkey serve --dev` with the same demo
// account the Electron app has in dev mode. Skipped where the binary is installed (they would
// launch Electron).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_DEMO_ACCOUNT } from '../../main/shell/app-config.ts';
import { electronBinary, NO_ELECTRON_LINE } from '../../scripts/electron-binary.ts';
import { client } from '../helpers/http.ts';
import { tempDir } from '../helpers/server.ts';

const root = resolve(import.meta.dirname, '../..');
const running = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Runs a script as `npm` would, with the screens already built by the test run's setup. */
function script(path: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [path, ...args], {
    cwd: root,
    env: { ...process.env, LATCHKEY_SKIP_SCREENS_BUILD: '1', ELECTRON_OVERRIDE_DIST_PATH: undefined, ...env },
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<{ code: number | null }>((done) =>
    child.on('close', (code) => {
      running.delete(child);
      done({ code });
    }),
  );
  const lineMatching = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((found, fail) => {
      const look = () => {
        const match = pattern.exec(stdout);
        if (match) found(match);
      };
      child.stdout.on('data', look);
      look();
      void finished.then(() => fail(new Error(`exited first: ${stdout}${stderr}`)));
    });
  return { child, finished, lineMatching, output: () => ({ stdout, stderr }) };
}

describe.skipIf(electronBinary() !== undefined)('launch scripts without Electron’s binary', () => {
  it('say the binary is not installed, naming ELECTRON_SKIP_BINARY_DOWNLOAD only when it is set', async () => {
    const unset = script('scripts/test-electron.ts', [], { ELECTRON_SKIP_BINARY_DOWNLOAD: undefined });
    expect(await unset.finished).toEqual({ code: 0 });
    expect(unset.output().stdout).toBe("Electron's binary is not installed here: skipping the real-Electron suite.\n");
    const set = script('scripts/test-electron.ts', [], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(await set.finished).toEqual({ code: 0 });
    expect(set.output().stdout).toBe(
      "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1): skipping the real-Electron suite.\n",
    );
  });

  it('npm start on a port in use says so in one line with `npm start -- --port 0`, and exits 1', async () => {
    const busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    const { port } = busy.address() as AddressInfo;
    try {
      const run = script('scripts/start.ts', ['--port', String(port)], { LATCHKEY_DB: join(tempDir(), 'dev.db') });
      expect(await run.finished).toEqual({ code: 1 });
      expect(run.output().stderr).toBe(
        `127.0.0.1:${port} is already in use (is \`npm start\` running?): \`npm start -- --port 0\` picks a free port.\n`,
      );
    } finally {
      busy.close();
    }
  });

  it('npm run test:electron skips the suite in exactly one line and exits 0', async () => {
    const run = script('scripts/test-electron.ts');
    expect(await run.finished).toEqual({ code: 0 });
    expect(run.output().stdout).toBe(`${NO_ELECTRON_LINE}: skipping the real-Electron suite.\n`);
  });

  it('npm start says so in one line, then serves dev mode with the Electron app’s demo account', async () => {
    const db = join(tempDir(), 'dev.db');
    const run = script('scripts/start.ts', ['--port', '0'], { LATCHKEY_DB: db });
    const url = (await run.lineMatching(/^Latchkey listening on (http:\/\/127\.0\.0\.1:\d+)\n/m))[1]!;
    await run.lineMatching(/^Demo account: .*\n/m);
    expect(run.output().stdout.split('\n')).toEqual([
      `${NO_ELECTRON_LINE}: running \`latchkey serve --dev\` with the screens at its URL instead.`,
      `Latchkey listening on ${url}`,
      `Demo account: ${DEV_DEMO_ACCOUNT.email}, code ${DEV_DEMO_ACCOUNT.code}`,
      '',
    ]);
    const api = client(url);
    // No mail is needed: the fixed code signs the demo account in; a wrong one does not.
    const wrong = await api.post('/v1/auth/email-code/verify', { email: DEV_DEMO_ACCOUNT.email, code: '654321' });
    expect(wrong.body.error.code).toBe('CODE_INVALID');
    const signedIn = await api.post('/v1/auth/email-code/verify', DEV_DEMO_ACCOUNT);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user.email).toBe(DEV_DEMO_ACCOUNT.email);
    expect(signedIn.body.data.user.emailVerified).toBe(true);
    // Dev mode's routes are there; the outbox stayed empty (no code was mailed).
    const outbox = await api.get('/v1/dev/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.data).toEqual({ messages: [] });
    run.child.kill('SIGTERM'); // forwarded to the server, which stops cleanly
    expect(await run.finished).toEqual({ code: 0 });
    expect(run.output().stderr).toContain('msg="stopped"');
  }, 60_000);
});
