// The docs stand on their own: README.md and docs/ have no dead relative link or anchor and refer
// to nothing outside the repository, no tracked file cites the contract documents that live outside
// it, and docs/configuration.md's option table is exactly what the config schema generates.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { checkDocs, checkRepoReferences, docPages, headingAnchors } from '../../scripts/docs-check.ts';
import {
  CONFIGURATION_DOC,
  TABLE_BEGIN,
  TABLE_END,
  configRows,
  configTable,
  withConfigTable,
} from '../../scripts/config-table.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Spelled in pieces so this file does not itself name the documents it forbids.
const OUTSIDE = ['DESIGN', 'SECURITY', 'STYLE'].map((name) => `${name}.md`);
const ISSUE = 'issue';
const CLIMB = ['..', 'shared', 'bench', 'peer', ''].join('/');

describe('the docs of this repository', () => {
  it('cover every page the README promises', () => {
    expect(docPages(ROOT)).toEqual(
      expect.arrayContaining(
        [
          'README.md',
          'architecture',
          'benchmarks',
          'cli',
          'client',
          'configuration',
          'elements',
          'getting-started-electron',
          'http',
          'operations',
          'rest-api',
          'security',
          'testing',
        ].map((page) => (page.endsWith('.md') ? page : `docs/${page}.md`)),
      ),
    );
  });

  it('have no dead relative link or anchor and refer to nothing outside the repository', () => {
    expect(checkDocs(ROOT)).toEqual([]);
  });

  it('no tracked file refers to the contract documents outside the repository or to issue numbers', () => {
    expect(checkRepoReferences(ROOT)).toEqual([]);
  });

  it('the configuration table is the one the schema generates (npm run docs:config)', () => {
    const doc = readFileSync(CONFIGURATION_DOC, 'utf8');
    expect(withConfigTable(doc)).toBe(doc);
  });
});

describe('the docs checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-docs-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'docs'));
  mkdirSync(join(dir, 'main'));
  writeFileSync(
    join(dir, 'docs', 'guide.md'),
    ['# Guide', '', '## Backup and restore', '', '## Backup and restore', '', 'See [the readme](../README.md).'].join(
      '\n',
    ),
  );
  writeFileSync(join(dir, 'main', 'code.ts'), `// As ${OUTSIDE[2]} says (${ISSUE} 7).\nimport '../shared/types.ts';\n`);
  writeFileSync(
    join(dir, 'README.md'),
    [
      '# Sample',
      '[ok](docs/guide.md#backup-and-restore) [ok too](docs/guide.md#backup-and-restore-1) [web](https://example.com)',
      '[gone](docs/missing.md)',
      '[bad anchor](docs/guide.md#nowhere)',
      '[here](#sample) [not here](#elsewhere)',
      '[out](../outside.md)',
      `As ${OUTSIDE[0]} and ${OUTSIDE[1]} say, see ${ISSUE}s 3 and 5.`,
      `The peer is configured as in \`${CLIMB}\` and /work/shared/x.`,
      '```sh',
      '[not a link](in/a/code/block.md)',
      '```',
      '`[not a link either](nowhere.md)`',
    ].join('\n'),
  );

  it('reports each dead link, dead anchor and outside reference with its line', () => {
    expect(checkDocs(dir)).toEqual([
      { file: 'README.md', line: 3, message: 'dead link: docs/missing.md' },
      { file: 'README.md', line: 4, message: 'dead anchor: docs/guide.md#nowhere' },
      { file: 'README.md', line: 5, message: 'dead anchor: #elsewhere' },
      { file: 'README.md', line: 6, message: 'links outside the repository: ../outside.md' },
      { file: 'README.md', line: 7, message: `refers to ${OUTSIDE[0]}, which is not in the repository` },
      { file: 'README.md', line: 7, message: `refers to ${OUTSIDE[1]}, which is not in the repository` },
      { file: 'README.md', line: 7, message: `cites an issue number ("${ISSUE}s 3…")` },
      { file: 'README.md', line: 8, message: `refers outside the repository: ${CLIMB}` },
      { file: 'README.md', line: 8, message: 'refers to an absolute path: /work/shared/x.' },
    ]);
  });

  it('searches every file, and lets a path stay inside the repository', () => {
    // Not a git checkout: every file is searched. main/code.ts's import resolves inside the sample.
    expect(checkRepoReferences(dir).filter((p) => p.file !== 'README.md')).toEqual([
      { file: 'main/code.ts', line: 1, message: `refers to ${OUTSIDE[2]}, which is not in the repository` },
      { file: 'main/code.ts', line: 1, message: `cites an issue number ("${ISSUE} 7…")` },
    ]);
  });

  it('gives headings the anchors GitHub gives them', () => {
    expect([...headingAnchors('# A `code` Title!\n## Two-step sign-in (TOTP)\n## Two-step sign-in (TOTP)')]).toEqual([
      'a-code-title',
      'two-step-sign-in-totp',
      'two-step-sign-in-totp-1',
    ]);
  });
});

describe('the configuration table generator', () => {
  it('lists every option of the schema with its type and default', () => {
    const rows = configRows();
    expect(rows.find((row) => row.option === '`tokens.accessTtl`')).toEqual({
      option: '`tokens.accessTtl`',
      type: 'integer > 0, ≤ 86400',
      default: '`600`',
      description: 'Access token lifetime, in seconds.',
    });
    expect(rows.find((row) => row.option === '`email.captcha.policy`')?.type).toBe(
      '`"never"` \\| `"always"` \\| `"afterFailures"`',
    );
    expect(rows.map((row) => row.option)).toContain('`http.tls.certFile`');
  });

  it('refuses an option without a description, so none is left out of the docs', () => {
    const schema = z.strictObject({ documented: z.boolean().default(false).describe('Yes.'), bare: z.number() });
    expect(() => configRows(schema)).toThrow('Config option bare has no description');
  });

  it('notices a table that no longer matches, and a page without its markers', () => {
    const doc = `# Configuration\n\n${TABLE_BEGIN}\n\n${configTable()}\n\n${TABLE_END}\n`;
    expect(withConfigTable(doc)).toBe(doc);
    const edited = doc.replace('Access token lifetime, in seconds.', 'Access token lifetime.');
    expect(withConfigTable(edited)).not.toBe(edited);
    expect(withConfigTable(edited)).toBe(doc);
    expect(() => withConfigTable('# Configuration\n')).toThrow('lacks the markers');
  });
});
