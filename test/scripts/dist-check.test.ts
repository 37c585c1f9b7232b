// `npm run dist` where Electron cannot be had (no electronDist, nothing cached, its download host
// unreachable): one line naming what to provide, exit 1, before anything is built. Where it can be
// had (electronDist given, or a cached zip with its checksums) the check lets electron-builder run.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingElectronForDist, targetsOf } from '../../scripts/electron-dist-check.ts';
import { tempDir } from '../helpers/server.ts';

const root = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
  version: string;
};
// A host that never resolves (RFC 2606), so the outcome does not depend on this machine's network.
const OFFLINE = { ELECTRON_MIRROR: 'https://electron-mirror.invalid/' };
const unreachable = () => Promise.reject(new Error('ENOTFOUND'));
const mustNotProbe = () => Promise.reject(new Error('probed the network'));

function runDist(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['scripts/dist.ts'], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr })),
  );
}

describe('npm run dist without a way to get Electron', () => {
  it('fails fast, in one line naming electronDist and ELECTRON_CACHE, and exits 1', async () => {
    const cache = tempDir();
    const started = Date.now();
    const result = await runDist({ ...OFFLINE, ELECTRON_CACHE: cache });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(new RegExp(`^npm run dist: Electron ${version.replaceAll('.', '\\.')} is needed`));
    expect(lines[0]).toContain('(electron-mirror.invalid: ');
    expect(lines[0]).toContain(`nor found in the cache (${cache})`);
    expect(lines[0]).toContain('-c.electronDist=DIR');
    expect(lines[0]).toContain(`electron-v${version}-${process.platform}-`);
    expect(lines[0]).toContain('ELECTRON_CACHE');
  });

  it('lets electron-builder run given electronDist, or a cached zip with its checksums', async () => {
    const none = { env: { ELECTRON_CACHE: tempDir() }, probe: unreachable };
    expect(await missingElectronForDist([], none)).toMatch(/^npm run dist: /);
    expect(await missingElectronForDist(['-c.electronDist=/opt/electron'], { ...none, probe: mustNotProbe })).toBe(
      undefined,
    );
    const config = join(tempDir(), 'electron-builder.yml');
    writeFileSync(config, 'appId: x\nelectronDist: /opt/electron\n');
    expect(await missingElectronForDist([], { ...none, configFile: config, probe: mustNotProbe })).toBe(undefined);

    const cache = tempDir();
    const [{ platform, arch }] = targetsOf([]) as [{ platform: string; arch: string }];
    mkdirSync(join(cache, 'f00d'));
    writeFileSync(join(cache, 'f00d', `electron-v${version}-${platform}-${arch}.zip`), 'zip');
    const inCache = { env: { ELECTRON_CACHE: cache }, probe: unreachable };
    // Without checksums the download library would fetch SHASUMS256.txt: still needs the network.
    expect(await missingElectronForDist([], inCache)).toMatch(/^npm run dist: /);
    writeFileSync(join(cache, `SHASUMS256.txt-${version}`), '');
    expect(await missingElectronForDist([], { ...inCache, probe: mustNotProbe })).toBe(undefined);
    // A reachable download host is enough too.
    expect(await missingElectronForDist([], { ...none, probe: () => Promise.resolve() })).toBe(undefined);
  });

  it('asks for the zip of each platform and arch the arguments name', () => {
    expect(targetsOf(['--win', '--linux', '--x64', '--arm64'])).toEqual([
      { platform: 'win32', arch: 'x64' },
      { platform: 'win32', arch: 'arm64' },
      { platform: 'linux', arch: 'x64' },
      { platform: 'linux', arch: 'arm64' },
    ]);
    expect(targetsOf(['--mac', '--universal'])).toEqual([
      { platform: 'darwin', arch: 'x64' },
      { platform: 'darwin', arch: 'arm64' },
    ]);
  });
});
