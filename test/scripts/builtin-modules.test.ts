// The bundle's builtins come from process.getBuiltinModule (scripts/builtin-modules.ts): the
// stand-in module names a builtin's data properties, reads only those imported, and leaves its
// getters alone.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { builtinModuleSource, builtinsWithoutFacade } from '../../scripts/builtin-modules.ts';

describe('builtins without their ES facade', () => {
  it('exports data properties by name, getters only through the default export', () => {
    const source = builtinModuleSource('node:http');
    expect(source).toMatch(
      /^const \$builtin = process\.getBuiltinModule\("node:http"\);\nconst \$read = .*\nexport default \$builtin;\n/,
    );
    const named = /export \{ (.*) \};/
      .exec(source)![1]!
      .split(', ')
      .map((pair) => pair.split(' as ')[1]);
    expect(named).toContain('createServer');
    expect(named).toContain('STATUS_CODES');
    // Getters of node:http: reading WebSocket loads undici.
    for (const getter of ['WebSocket', 'CloseEvent', 'MessageEvent', 'globalAgent', 'maxHeaderSize']) {
      expect(named).not.toContain(getter);
    }
  });

  it('serves ES imports of builtins, with or without node:, and leaves require() alone', async () => {
    const output = await bundle(
      "import { readFileSync } from 'node:fs'; import http from 'http'; const os = require('node:os');" +
        'console.log(readFileSync, http, os);',
    );
    expect(output).toContain('process.getBuiltinModule("node:fs")');
    expect(output).toContain('process.getBuiltinModule("node:http")');
    expect(output).not.toMatch(/from "(node:)?(fs|http)"/);
    expect(output).toContain('__require("node:os")');
  });

  it('reads only the properties the bundle imports', async () => {
    // Reading node:util's parseArgs, a lazy data property, loads its module.
    const output = await bundle("import { inspect } from 'node:util'; console.log(inspect);");
    expect(output).toMatch(/= \/\* @__PURE__ \*\/ \$read\("inspect"\);/);
    expect(output).not.toContain('parseArgs');
  });

  it('fails the build when a getter is imported by name or read off a namespace', async () => {
    await expect(bundle("import { WebSocket } from 'node:http'; console.log(WebSocket);")).rejects.toThrow(
      /No matching export in "node-builtin:node:http" for import "WebSocket"/,
    );
    await expect(bundle("import * as http from 'node:http'; console.log(http.WebSocket);")).rejects.toThrow(
      /Import "WebSocket" will always be undefined because there is no matching export in "node-builtin:node:http"/,
    );
  });
});

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [builtinsWithoutFacade],
  });
  return result.outputFiles[0]!.text;
}
