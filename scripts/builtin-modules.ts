// An esbuild plugin for bundles run by Node: every `import … from 'node:…'` is served from
// process.getBuiltinModule instead of Node's ES-module facade. Building that facade reads every
// export, lazy ones included, so `import { createServer } from 'node:http'` alone loads undici
// (http.WebSocket), and node:fs or node:process load streams, readline and fs/promises: some 30
// ms of a cold start spent on modules nobody asked for. Each named export reads its property
// once, at start, and only if the bundle imports it (pure, so esbuild drops the rest: node:util's
// parseArgs, say, loads its module when read). Getters stay reachable through the default export
// only: importing one by name, or reading one off a namespace import, fails the build instead of
// loading it at start (or being undefined).
import { isBuiltin } from 'node:module';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'node-builtin';

/** The module text that stands in for one builtin; exports are renamed locals, so none can clash. */
export function builtinModuleSource(specifier: string): string {
  const exports = process.getBuiltinModule(specifier) as Record<string, unknown>;
  const names = Object.entries(Object.getOwnPropertyDescriptors(exports))
    .filter(([name, property]) => 'value' in property && name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name))
    .map(([name]) => name);
  return [
    `const $builtin = process.getBuiltinModule(${JSON.stringify(specifier)});`,
    'const $read = (name) => $builtin[name];',
    'export default $builtin;',
    ...names.map((name, i) => `const $${i} = /* @__PURE__ */ $read(${JSON.stringify(name)});`),
    `export { ${names.map((name, i) => `$${i} as ${name}`).join(', ')} };`,
  ].join('\n');
}

export const builtinsWithoutFacade: Plugin = {
  name: 'builtins-without-facade',
  setup(b) {
    b.initialOptions.logOverride = { ...b.initialOptions.logOverride, 'import-is-undefined': 'error' };
    // Only ES imports: a bundled package's require() already skips the facade.
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      if (!isBuiltin(args.path)) return undefined;
      return { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: NAMESPACE };
    });
    b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: builtinModuleSource(args.path),
      loader: 'js',
    }));
  },
};
