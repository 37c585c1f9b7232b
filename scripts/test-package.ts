// `npm run test:package`: the npm package as a user gets it. Builds, packs, checks the tarball
// (publint, arethetypeswrong with the ESM-only profile, the API reports, the size budget), then
// installs it into a fresh project outside the repo, with Node 24 as that project's own dev
// dependency, and there: type-checks a consumer of every entry point (moduleResolution node16 and
// bundler), runs a sign-up and sign-in against latchkey/server + latchkey/http and verifies the
// token with the JWKS, serves with `npx latchkey serve --dev`, and, where an older Node is on the
// PATH, sees the bin and the server entry refuse it in one line; then runs examples/ there
// (scripts/test-examples.ts). Prints `N passed, N failed`.
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApiReports } from './api-report.ts';
import { EXAMPLE_DEV_DEPENDENCIES, testExamples } from './test-examples.ts';
import { root } from './run.ts';

/**
 * The unpacked size the package may reach. Today about 4.40 MB: the screens (~0.77 MB, of which the
 * password-strength dictionaries are ~0.43 MB), the no-bundler elements (~0.86 MB, <latchkey-app>
 * included, the same dictionaries again so they load beside it), the CLI bundle (~1.86 MB, its
 * dependencies inlined so `latchkey serve` starts fast; ~0.86 MB of it is the ASN.1/X.509 code the
 * WebAuthn library uses for attestation certificates, in a chunk loaded only when a passkey is
 * checked), the library and its types (~0.8 MB). About 4.5% of headroom: growing past it should be
 * a decision, not a drift.
 */
export const UNPACKED_BUDGET_BYTES = 4_600_000;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results: Array<{ name: string; ok: boolean }> = [];
const keep = process.env.LATCHKEY_KEEP_PACKAGE_TEST === '1';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], options: SpawnSyncOptions = {}): Ran {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { code: result.status ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

function shAsync(command: string, args: string[], options: SpawnOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function step(name: string, body: () => void | Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

function must(result: Ran, what: string): string {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`.trim());
  return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'latchkey-package-'));
const project = join(work, 'app');
let tarball = '';

await step('build (npm run build)', () => {
  must(sh(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }), 'npm run build');
});

await step('npm pack, within the size budget', () => {
  const packed = JSON.parse(
    must(sh(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root }), 'npm pack'),
  ) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
  const { filename, size, unpackedSize, entryCount } = packed[0]!;
  tarball = join(work, filename);
  console.log(
    `# ${filename}: ${entryCount} files, ${(size / 1e6).toFixed(2)} MB packed, ` +
      `${(unpackedSize / 1e6).toFixed(2)} MB unpacked (budget ${(UNPACKED_BUDGET_BYTES / 1e6).toFixed(2)} MB)`,
  );
  if (unpackedSize > UNPACKED_BUDGET_BYTES) throw new Error(`unpacked size ${unpackedSize} is over the budget`);
});

// The install (mostly waiting on npm) runs while the tarball is checked.
const installing = step('install the tarball into a fresh project', async () => {
  const repo = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  mkdirSync(project);
  const devDependencies = Object.fromEntries(
    ['node', '@types/node', 'electron', ...EXAMPLE_DEV_DEPENDENCIES].map((name) => [name, repo.devDependencies[name]]),
  );
  const manifest = {
    name: 'latchkey-consumer',
    private: true,
    type: 'module',
    dependencies: { latchkey: `file:${tarball}` },
    devDependencies,
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  const files = ['entries.ts', 'smoke.ts', 'docs-renderer.ts', 'docs-elements.ts', 'docs-passkeys.ts'];
  for (const file of [...files, 'tsconfig.node16.json', 'tsconfig.bundler.json']) {
    copyFileSync(join(root, 'test/package/consumer', file), join(project, file));
  }
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  must(await shAsync(npm, ['install', ...flags], { cwd: project, env }), 'npm install');
});

await step('publint', () => {
  must(sh(join(root, 'node_modules/.bin/publint'), ['--strict', tarball], { cwd: root }), 'publint');
});

await step('arethetypeswrong (esm-only)', () => {
  must(
    sh(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], { cwd: root }),
    'attw',
  );
});

await step('API reports match (api/*.api.md)', () => {
  const changed = checkApiReports({ local: false });
  if (changed.length > 0) {
    throw new Error(`the public API changed: ${changed.join(', ')}; run \`npm run api -- --local\` and commit api/`);
  }
});

await installing;

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const projectNode = join(project, 'node_modules/.bin/node');
for (const resolution of ['node16', 'bundler']) {
  await step(`type-check a consumer of every entry (moduleResolution ${resolution})`, () => {
    must(sh(projectNode, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: project }), 'tsc');
  });
}

await step('latchkey/server + latchkey/http: sign up, sign in, token verified with the JWKS', () => {
  const out = must(sh(projectNode, ['smoke.ts'], { cwd: project }), 'node smoke.ts');
  process.stdout.write(out.replace(/^/gm, '#   '));
});

await step('npx latchkey serve --dev: screens at / and 200 at /healthz', async () => {
  const child = spawn(npm, ['exec', '--', 'latchkey', 'serve', '--dev', '--port', '0', '--db', join(work, 'cli.db')], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the stop reaches npm exec and the server under it.
    detached: true,
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
    });
    const page = await fetch(`${url}/`);
    const html = await page.text();
    if (
      page.status !== 200 ||
      !html.includes('<latchkey-') ||
      !/text\/html/.test(page.headers.get('content-type') ?? '')
    ) {
      throw new Error(`GET / answered ${page.status} ${page.headers.get('content-type')}`);
    }
    const health = await fetch(`${url}/healthz`);
    if (health.status !== 200) throw new Error(`GET /healthz answered ${health.status}`);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  }
});

const olderNode = findOlderNode();
if (olderNode === undefined) {
  console.log('# skipped: the refusal of an older Node (no Node older than 22 on the PATH)');
} else {
  await step(`an older Node (${olderNode.version}) is refused in one line by the bin and latchkey/server`, () => {
    const expected = `Latchkey needs Node.js 22 or newer; this is Node.js ${olderNode.version.slice(1)}.`;
    const bin = sh(olderNode.path, [join(project, 'node_modules/latchkey/dist/cli/latchkey.mjs'), '--help'], {
      cwd: project,
    });
    if (bin.code !== 1 || bin.stderr.trim() !== expected) throw new Error(`bin: ${bin.code}\n${bin.stderr}`);
    const library = sh(olderNode.path, ['--input-type=module', '-e', "await import('latchkey/server')"], {
      cwd: project,
    });
    if (library.code === 0 || !library.stderr.includes(`Error: ${expected}`)) {
      throw new Error(`latchkey/server: ${library.code}\n${library.stderr}`);
    }
  });
}

await testExamples({ root, project, tarball, step });

if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`# kept ${work}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

/** A `node` on the PATH (outside this repo's node_modules) older than 22, if there is one. */
function findOlderNode(): { path: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir || dir.includes('node_modules')) continue;
    const path = join(dir, 'node');
    const probe = sh(path, ['--version']);
    if (probe.code !== 0) continue;
    const version = probe.stdout.trim();
    if (Number.parseInt(version.slice(1), 10) < 22) return { path, version };
  }
  return undefined;
}
