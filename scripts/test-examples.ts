// The steps of `npm run test:package` that run examples/ in the consumer project that installed the
// packed tarball: the examples are copied next to its node_modules, so `latchkey` resolves to the
// installed package exactly as in a user's project, and nothing is installed again.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';

/** What the examples need beside `latchkey` (and `node`, `@types/node`, `electron`), at the repo's versions. */
export const EXAMPLE_DEV_DEPENDENCIES = ['vitest', 'esbuild'];

export interface ExamplesContext {
  root: string;
  /** The consumer project: the tarball installed, with EXAMPLE_DEV_DEPENDENCIES. */
  project: string;
  tarball: string;
  step: (name: string, body: () => void | Promise<void>) => Promise<void>;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], cwd: string): Ran {
  const env = { ...process.env, NO_COLOR: '1' };
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

function shAsync(command: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Every folder of examples/ is an example. */
function exampleNames(examples: string): string[] {
  return readdirSync(examples, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function must(result: Ran, what: string): string {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`.trim());
  return result.stdout;
}

export async function testExamples({ root, project, tarball, step }: ExamplesContext): Promise<void> {
  const examples = join(project, 'examples');
  const node = join(project, 'node_modules/.bin/node');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');

  await step('examples depend on this tarball, with the repo’s dev dependency versions', () => {
    cpSync(join(root, 'examples'), examples, {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|out)$|\.db(-wal|-shm)?$/.test(source),
    });
    const repo = readJson(join(root, 'package.json'));
    const problems: string[] = [];
    for (const name of exampleNames(examples)) {
      const manifest = readJson(join(examples, name, 'package.json'));
      const wanted = `file:../../${basename(tarball)}`;
      if (manifest.dependencies?.latchkey !== wanted) problems.push(`${name}: latchkey is not "${wanted}"`);
      for (const [dep, range] of Object.entries(manifest.devDependencies ?? {})) {
        const repoRange = repo.devDependencies?.[dep];
        if (repoRange !== range) problems.push(`${name}: ${dep}@${range}, the repo has ${repoRange}`);
      }
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });

  await step(
    'examples: each type-checks with its own tsconfig.json (Electron’s types without its binary)',
    async () => {
      // Node runs the examples' .ts files by stripping the types, so only tsc checks them.
      const checks = exampleNames(examples).map(async (name) => {
        const result = await shAsync(node, [tsc, '-p', 'tsconfig.json'], join(examples, name));
        return result.code === 0 ? '' : `${name}: tsc exited ${result.code}\n${result.stdout}${result.stderr}`;
      });
      const failures = (await Promise.all(checks)).filter(Boolean);
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },
  );

  await step('examples/electron-kiosk: builds main, preload and page with esbuild', () => {
    const dir = join(examples, 'electron-kiosk');
    must(sh(node, ['build.ts'], dir), 'node build.ts');
    const preload = readFileSync(join(dir, 'out/preload.cjs'), 'utf8');
    // Sandboxed preloads may require only Electron's own modules.
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    if (required.some((name) => name !== 'electron')) throw new Error(`the preload requires ${required.join(', ')}`);
  });

  await step('examples/vitest-app: its suite passes against latchkey/testing', () => {
    const dir = join(examples, 'vitest-app');
    const vitest = join(project, 'node_modules/vitest/vitest.mjs');
    const out = must(sh(node, [vitest, 'run', '--reporter=dot'], dir), 'vitest run');
    const passed = /Tests\s+(\d+) passed/.exec(out);
    if (!passed || Number(passed[1]) < 5) throw new Error(`expected 5 passing tests:\n${out}`);
  });

  let web: RunningWeb | undefined;
  await step('examples/web: `node server.ts --dev` serves the API and the page', async () => {
    web = await startWebExample(join(examples, 'web'), node);
  });
  const started = (): RunningWeb => {
    if (web === undefined) throw new Error('examples/web did not start');
    return web;
  };
  try {
    await step('examples/node-client: sign up, sign in, me, sign out against the web example’s API', () => {
      const out = must(sh(node, ['sign-in.ts', started().api], join(examples, 'node-client')), 'node sign-in.ts');
      process.stdout.write(`${out.trimEnd().replace(/^/gm, '#   ')}\n`);
      const expected = [
        /^signed up: ada\.\d+@example\.com \(user \d+\)$/,
        /^signed in: session \S+$/,
        /^me: Ada <ada\.\d+@example\.com>$/,
        /^signed out: no tokens kept$/,
        /^me after sign-out: UNAUTHORIZED$/,
      ];
      const lines = out.trim().split('\n');
      if (lines.length !== expected.length || expected.some((pattern, i) => !pattern.test(lines[i]!))) {
        throw new Error(`unexpected output:\n${out}`);
      }
    });

    await step('examples/web in Chromium: the installed elements sign in by email code', async () => {
      await signInByCode(started());
    });
  } finally {
    await web?.stop();
  }
}

interface RunningWeb {
  api: string;
  page: string;
  stop(): Promise<void>;
}

/** `node server.ts --dev` on free ports; resolves once it printed both URLs. */
async function startWebExample(dir: string, node: string): Promise<RunningWeb> {
  const child = spawn(node, ['server.ts', '--dev', '--port', '0', '--api-port', '0', '--db', 'test.db'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    // It closes cleanly on SIGTERM; a stuck close must not hang the run.
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  };
  let output = '';
  try {
    return await new Promise<RunningWeb>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`examples/web printed no URLs in 30 s:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const api = /^API on (\S+)$/m.exec(output)?.[1];
        const page = /^Page on (\S+)$/m.exec(output)?.[1];
        if (api && page) {
          clearTimeout(timer);
          resolve({ api, page, stop });
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => reject(new Error(`examples/web exited ${code}:\n${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
}

async function signInByCode(web: RunningWeb): Promise<void> {
  const { launchChromium } = await import('./chromium.ts');
  const browser: Browser = await launchChromium();
  try {
    const page = await browser.newPage({ locale: 'en-US' });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(web.page);
    // The installed latchkey-elements.js defines the whole app too, not only the page's element.
    if (!(await page.evaluate<boolean>("customElements.get('latchkey-app') !== undefined"))) {
      throw new Error('the installed latchkey/elements.js does not define <latchkey-app>');
    }
    const email = `web.${Date.now()}@example.com`;
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const outbox = await fetch(`${web.api}/v1/dev/outbox?email=${encodeURIComponent(email)}`);
    const body = await outbox.text();
    const reply = JSON.parse(body) as { data?: { messages: Array<{ code: string | null }> } };
    const code = reply.data?.messages.find((message) => message.code !== null)?.code;
    if (!code) throw new Error(`no code in the dev outbox for ${email}: ${outbox.status} ${body}`);
    // The page's own script calls the API with the access token the element handed it.
    const meStatus = page.waitForEvent('console', { predicate: (message) => message.text().startsWith('GET /v1/me') });
    await page.getByLabel('Digit 1 of 6').focus();
    await page.keyboard.type(code);
    await page.getByText(`Welcome, ${email}`).waitFor();
    const me = (await meStatus).text();
    if (me !== 'GET /v1/me 200') throw new Error(`the page's call with the access token: ${me}`);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } finally {
    await browser.close();
  }
}

function readJson(path: string): {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof readJson>;
}
