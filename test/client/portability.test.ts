// latchkey/client runs where there is no Node and no DOM (React Native, browsers, workers): it
// bundles for esbuild's neutral platform with nothing external, takes in no Node built-in, names
// no DOM global, and the bundle alone signs in against a real server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PASSWORD, tempDir } from '../helpers/server.ts';
import type * as ClientEntry from '../../main/client/index.ts';
import { startClientServer } from './helpers.ts';

type ClientModule = typeof ClientEntry;

const ENTRY = 'main/client/index.ts';
/** Globals a browser page or Node has but React Native and workers may not. */
const HOST_GLOBALS = [
  'window',
  'document',
  'self',
  'localStorage',
  'sessionStorage',
  'navigator',
  'location',
  'XMLHttpRequest',
  'indexedDB',
  'crypto',
  'process',
  'Buffer',
  'require',
  'module',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
];

async function bundle() {
  return build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('latchkey/client portability', () => {
  it('bundles for platform neutral with no Node built-in and no host global', async () => {
    const result = await bundle();
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith('node:') || input.includes('node_modules'))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => !path.startsWith('main/') && !path.startsWith('shared/'))).toEqual([]);
    // Only the client, the events' constants and the device-code watch: no server code, no schema library.
    const shared = ['shared/events.ts', 'shared/device-code-watch.ts'];
    expect(inputs.filter((input) => !input.startsWith('main/client/') && !shared.includes(input))).toEqual([]);

    const code = result.outputFiles[0]!.text;
    const named = HOST_GLOBALS.filter((name) => new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(code));
    expect(named).toEqual([]);
    expect(code).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
  });

  it('the bundle alone registers, reads me and refreshes against a real server', async () => {
    const { url } = await startClientServer();
    const file = join(tempDir(), 'latchkey-client.mjs');
    writeFileSync(file, (await bundle()).outputFiles[0]!.text);
    const bundled = (await import(pathToFileURL(file).href)) as ClientModule;
    const client = bundled.createLatchkeyClient({ url });
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    expect((await client.me()).email).toBe('ada@example.com');
    const before = await client.accessToken();
    await client.refresh();
    expect(await client.accessToken()).not.toBe(before);
    const error = await client.login({ email: 'ada@example.com', password: 'not the password' }).catch((e) => e);
    expect(error).toBeInstanceOf(bundled.LatchkeyError);
    expect(error.code).toBe('INVALID_CREDENTIALS');
  });
});
