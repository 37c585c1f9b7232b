// The bundle's builtins come from process.getBuiltinModule (scripts/builtin-modules.ts): the
// stand-in module names a builtin's data properties and leaves its lazy getters alone.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { builtinModuleSource, builtinsWithoutFacade } from '../../scripts/builtin-modules.ts';

describe('builtins without their ES facade', () => {
  it('exports data properties by name, getters only through the default export', () => {
    const source = builtinModuleSource('node:http');
    expect(source).toMatch(/^const builtin = process\.getBuiltinModule\("node:http"\);\nexport default builtin;\n/);
    const named = /export const \{ (.*) \} = builtin;/.exec(source)![1]!.split(', ');
    expect(named).toContain('createServer');
    expect(named).toContain('STATUS_CODES');
    // Getters of node:http: reading WebSocket loads undici.
    for (const getter of ['WebSocket', 'CloseEvent', 'MessageEvent', 'globalAgent', 'maxHeaderSize']) {
      expect(named).not.toContain(getter);
    }
  });

  it('serves ES imports of builtins, with or without node:, and leaves require() alone', async () => {
    const result = await build({
      stdin: {
        contents: [
          "import { readFileSync } from 'node:fs';",
          "import http from 'http';",
          "const os = require('node:os');",
          'console.log(readFileSync, http, os);',
        ].join('\n'),
        loader: 'js',
      },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      plugins: [builtinsWithoutFacade],
    });
    const output = result.outputFiles[0]!.text;
    expect(output).toContain('process.getBuiltinModule("node:fs")');
    expect(output).toContain('process.getBuiltinModule("node:http")');
    expect(output).not.toMatch(/from "(node:)?(fs|http)"/);
    expect(output).toContain('__require("node:os")');
  });

  it('fails the build when a getter is imported by name', async () => {
    await expect(
      build({
        stdin: { contents: "import { WebSocket } from 'node:http'; console.log(WebSocket);", loader: 'js' },
        bundle: true,
        write: false,
        platform: 'node',
        format: 'esm',
        logLevel: 'silent',
        plugins: [builtinsWithoutFacade],
      }),
    ).rejects.toThrow(/No matching export in "node-builtin:node:http" for import "WebSocket"/);
  });
});
