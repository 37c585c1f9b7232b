// Packaging (docs/getting-started-electron.md): electron-builder.yml passes electron-builder's own schema and sets the
// fuses of docs/security.md R56; an offline `electron-builder --dir` builds the Linux app directory
// around a stand-in Electron binary (a file carrying Electron's fuse wire), so the asar layout,
// the unpacked native module and the flipped fuses are checked here. Installers (AppImage, deb,
// nsis, dmg) need tools downloaded at build time and a real Electron: see docs/getting-started-electron.md, "Packaging".
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { buildElectron } from '../../scripts/build-electron.ts';
import { makeIcons } from '../../scripts/make-icons.ts';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, file: string, options: null): Promise<BuilderConfig>;
  };
  return getConfig(root, join(root, 'electron-builder.yml'), null);
}

async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own JSON schema (and the check is live)', async () => {
    const config = await loadConfig();
    await validate(config);
    await expect(validate({ ...config, electronFuses: { runAsNodes: false } })).rejects.toThrow(
      /Invalid configuration object.*electronFuses|electronFuses.*runAsNodes/s,
    );
  });

  it('builds every installer docs/getting-started-electron.md names, unpacks the native module and sets the fuses of R56', async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
  });
});

/** A file with Electron's fuse sentinel and a wire of 8 fuses in Electron's default states. */
function standInElectron(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.from('10110001', 'latin1'); // RunAsNode on … GrantFileProtocolExtraPrivileges on
  const body = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron"\n# '),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1'),
    Buffer.from([1, wire.length]),
    wire,
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), body);
  chmodSync(join(dir, 'electron'), 0o755);
  return dir;
}

describe('electron-builder --dir (offline, stand-in Electron)', () => {
  it('packs the bundles into the asar, unpacks better-sqlite3 and flips the fuses', { timeout: 180_000 }, async () => {
    await buildElectron({ production: true });
    makeIcons(join(root, 'build'));
    const work = tempDir();
    const output = join(work, 'dist');
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${standInElectron(join(work, 'electron'))}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const app = join(output, 'linux-unpacked');
    const asar = join(app, 'resources', 'app.asar');
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    // package.json names no "main" (its "exports" are the npm package's): Electron starts index.js.
    expect(files).toEqual(
      expect.arrayContaining(['/package.json', '/index.js', '/out/main/index.mjs', '/out/preload/index.cjs']),
    );
    expect(readFileSync(join(root, 'index.js'), 'utf8')).toContain("import './out/main/index.mjs';");
    expect(files).toContain('/out/main/argon2-worker.mjs');
    expect(
      files.filter((f) => /^\/(main|test|scripts|preload)\//.test(f) || (f.startsWith('/out/') && f.endsWith('.map'))),
    ).toEqual([]);
    expect(files.some((f) => f.startsWith('/node_modules/electron/'))).toBe(false);
    const packed = JSON.parse(
      readFileSync(
        join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'package.json'),
        'utf8',
      ),
    ) as { version: string };
    expect(packed.version).toMatch(/^13\./);
    expect(
      existsSync(
        join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'),
      ),
    ).toBe(true);

    // Every package the bundles import ships: a production dependency (devDependencies stay out).
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const bundles = ['index.mjs', 'argon2-worker.mjs'].map((f) => readFileSync(join(root, 'out/main', f), 'utf8'));
    const imported = new Set(
      // Static and dynamic imports, and packages loaded on first use (main/server/lazy-require.ts).
      bundles.flatMap((code) =>
        [...code.matchAll(/(?:from |import\(|lazyRequire\d*\(\s*)"([^".][^"]*)"/g)].map((m) => m[1]!),
      ),
    );
    const packages = [...imported]
      .filter((name) => !name.startsWith('node:') && name !== 'electron')
      .map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(packages.length).toBeGreaterThan(5);
    for (const name of packages) {
      expect(pkg.dependencies, `${name} is imported by main but not a dependency`).toHaveProperty([name]);
      expect(files, `${name} is not in the asar`).toContain(`/node_modules/${name}/package.json`);
    }

    const fuses = await getCurrentFuseWire(join(app, 'latchkey'));
    expect({
      runAsNode: fuses[FuseV1Options.RunAsNode],
      cookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
      nodeOptions: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: fuses[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocol: fuses[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: 48,
      cookieEncryption: 49,
      nodeOptions: 48,
      inspect: 48,
      asarIntegrity: 49,
      onlyAsar: 49,
      fileProtocol: 48,
    });
  });
});
