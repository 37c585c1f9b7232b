// Lint, including the process layering of docs/architecture.md, enforced mechanically.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const upTo = (dirs) => `^(\\.\\./)+(${dirs})/`;

const layer = (files, patterns, extra = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: extra, patterns }] },
});

const serverPatterns = [
  { regex: '^electron$', message: 'The auth server never imports Electron.' },
  { regex: upTo('renderer|preload'), message: 'main/ never imports the renderer or preload.' },
  {
    regex: upTo('http|cli|ipc|app-session|shell|electron'),
    message: 'Transports and the Electron shell import the server, never the other way round.',
  },
];
const apiPattern = {
  regex: '^(\\.\\.?/)+api/',
  message: 'Domain modules sit under the router: take request facts from main/server/request.ts.',
};

// Type-aware rules for the files a tsconfig covers: the project service takes each file's nearest
// tsconfig.json (the root one is tsconfig.node.json; renderer/ and test/renderer/ point at
// tsconfig.web.json). scripts/ and the fixtures are in no project.
const typed = {
  files: [
    'main/**/*.ts',
    'preload/**/*.ts',
    'shared/**/*.ts',
    'renderer/**/*.ts',
    'test/**/*.ts',
    'bench/**/*.ts',
    '*.ts',
  ],
  ignores: ['test/e2e/fixtures/**', 'test/package/consumer/**'],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'test-artifacts/',
      'bench/runs/',
      'renderer/dist/',
      'renderer/dist-elements/',
      'examples/*/out/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The web example's page script runs in the browser, unbundled.
  {
    files: ['examples/*/public/**/*.js'],
    languageOptions: { globals: { document: 'readonly', fetch: 'readonly' } },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use node:crypto.' }],
    },
  },
  typed,
  // SQL is constant text with bound parameters, never built from values (docs/security.md R49).
  {
    files: ['main/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...["CallExpression[callee.name='stmt']", 'CallExpression[callee.property.name=/^(prepare|exec)$/]'].map(
          (call) => ({
            selector: `${call} > TemplateLiteral[expressions.length>0]`,
            message: 'SQL is a constant string with bound parameters (docs/security.md R49): no ${…} in it.',
          }),
        ),
      ],
    },
  },
  // shared/: the contract. zod only: no Node, no Electron, no DOM-side or main-side code.
  layer(
    ['shared/**'],
    [
      { regex: '^node:', message: 'shared/ runs in every process: no Node built-ins.' },
      { regex: '^electron$', message: 'shared/ must not import Electron.' },
      { regex: upTo('main|preload|renderer'), message: 'shared/ imports nothing from the processes.' },
    ],
  ),
  // main/server/: the auth server runs under plain Node too, so never Electron.
  layer(['main/server/**'], serverPatterns),
  // The domain sits under the router: only the router and the composition root (createAuthServer
  // and the package entry) import main/server/api/.
  {
    ...layer(['main/server/**'], [...serverPatterns, apiPattern]),
    ignores: ['main/server/api/**', 'main/server/server.ts', 'main/server/index.ts'],
  },
  // Routers hold no SQL: each domain's statements live in its own store module.
  layer(
    ['main/server/api/**'],
    [
      ...serverPatterns,
      {
        regex: '^(\\.\\./)+db/statements\\.ts$',
        message: 'Routers hold no SQL: put the statement in the domain store module and call it.',
      },
    ],
  ),
  // A migration is frozen at its version: it imports nothing live (code that may change after it).
  layer(
    ['main/server/db/migrations/**'],
    [
      ...serverPatterns,
      { regex: '^\\.\\./', message: 'A migration imports only other migration files: copy what it needs.' },
    ],
  ),
  layer(
    ['main/*.ts', 'main/!(server)/**'],
    [{ regex: upTo('renderer|preload'), message: 'main/ never imports the renderer or preload.' }],
  ),
  // The HTTP transport only adapts: dev mode's logic is the router's dev.* (main/server/dev/ under
  // it), and live news comes through auth.events, never the domain modules behind them.
  layer(
    ['main/http/**'],
    [
      { regex: upTo('renderer|preload'), message: 'main/ never imports the renderer or preload.' },
      {
        regex: '^(\\.\\./)+server/(dev|sessions)/',
        message: 'main/http adapts: reach dev mode through the router (dev.*) and sessions through auth.events.',
      },
    ],
  ),
  // The Electron shell's logic stays Electron-free (types aside), so its tests run under Node;
  // only main/electron/ loads Electron at run time.
  layer(
    ['main/ipc/**', 'main/app-session/**', 'main/shell/**', 'main/window.ts'],
    [
      {
        regex: '^electron$',
        allowTypeImports: true,
        message: 'Electron-free: take Electron-shaped objects; main/electron/ wires the real ones.',
      },
      { regex: upTo('renderer|preload'), message: 'main/ never imports the renderer or preload.' },
    ],
  ),
  // main/client/: runs in React Native and browsers too, so fetch and WebSocket only: no Node,
  // no package at run time, nothing from the server; shared/ for types and the events' close codes.
  layer(
    ['main/client/**'],
    [
      { regex: '^node:', message: 'latchkey/client runs without Node: no Node built-ins.' },
      { regex: '^[^.]', allowTypeImports: true, message: 'latchkey/client bundles no package: types only.' },
      {
        // shared/events.ts is plain constants (the socket's close codes) and device-code-watch.ts
        // plain code over a WebSocket; the rest of shared/ is zod.
        regex: '^(\\.\\./)+shared/(?!(events|device-code-watch)\\.ts$)',
        allowTypeImports: true,
        message: 'latchkey/client takes only types from shared/ (and shared/events.ts, shared/device-code-watch.ts).',
      },
      {
        regex: '^\\.\\./(?!\\.\\./shared/)',
        message: 'latchkey/client imports nothing else from main/ (the server stays on the server).',
      },
    ],
  ),
  {
    files: ['main/client/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'process', 'Buffer'].map(
          (name) => ({ name, message: 'latchkey/client runs where this global may not exist.' }),
        ),
      ],
    },
  },
  // preload/: Electron and shared/ only.
  layer(
    ['preload/**'],
    [
      { regex: upTo('main|renderer'), message: 'preload/ imports Electron and shared/ only.' },
      { regex: '^node:', message: 'preload/ runs sandboxed: no Node built-ins.' },
    ],
  ),
  // renderer/: shared/, and main/ only for types (the AppRouter).
  layer(
    ['renderer/**'],
    [
      { regex: '^node:', message: 'The renderer has no Node.' },
      { regex: '^electron$', message: 'The renderer reaches main only through the preload bridge.' },
      {
        regex: upTo('main|preload'),
        allowTypeImports: true,
        message: 'The renderer may import only types from main/.',
      },
    ],
  ),
);
