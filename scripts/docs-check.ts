// `npm run docs:check`: the README and docs/ must stand on their own. Fails on a relative link to a
// file or #anchor that does not exist, on any reference to files outside the repository, and on
// issue numbers; every tracked file is also searched for references to the contract documents that
// live outside the repository. test/docs/docs-check.test.ts runs these checks in `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** Names of documents that exist only outside the repository. */
const OUTSIDE_DOCUMENTS = /\b(?:DESIGN|SECURITY|STYLE)\.md\b/g;
/** An issue tracker's work items cited by number, which a reader of the repository cannot see. */
const ISSUE_NUMBERS = /\b[Ii]ssues? #?\d/g;
/** Absolute paths of the machine the docs were written on. */
const MACHINE_PATHS = /(?:^|[\s(`'"])(\/(?:work|root|home|tmp|Users)\/[^\s)`'"]*)/g;
/** A path climbing into a folder named shared (fine only when it stays inside the repository). */
const SHARED_PATHS = /(?:\.\.\/)+shared\/[^\s)`'"]*/g;
const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const REFERENCE_LINK = /^\s*\[[^\]]+\]:\s*(\S+)/;

/** The Markdown pages that must stand on their own: README.md and every page under docs/. */
export function docPages(root: string): string[] {
  const pages = existsSync(join(root, 'README.md')) ? ['README.md'] : [];
  const walk = (dir: string): void => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) pages.push(path);
    }
  };
  walk('docs');
  return pages.sort();
}

/** Dead relative links and anchors, and references outside the repository, in README.md and docs/. */
export function checkDocs(root: string): Problem[] {
  const problems: Problem[] = [];
  for (const page of docPages(root)) {
    const text = readFileSync(join(root, page), 'utf8');
    const lines = text.split('\n');
    let fenced = false;
    lines.forEach((line, index) => {
      const at = (message: string) => problems.push({ file: page, line: index + 1, message });
      if (/^\s*```/.test(line)) fenced = !fenced;
      for (const message of outsideReferences(root, page, line)) at(message);
      if (fenced) return;
      const prose = line.replace(/`[^`]*`/g, '``');
      const targets = [...prose.matchAll(LINK)].map((match) => match[1] ?? '');
      const reference = REFERENCE_LINK.exec(prose)?.[1];
      if (reference) targets.push(reference);
      for (const target of targets) {
        const message = deadLink(root, page, target);
        if (message) at(message);
      }
    });
  }
  return problems;
}

/** References to the contract documents outside the repository, in every tracked file. */
export function checkRepoReferences(root: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of trackedFiles(root)) {
    const path = join(root, file);
    if (!existsSync(path) || statSync(path).size > 4 * 1024 * 1024) continue;
    const bytes = readFileSync(path);
    if (bytes.includes(0)) continue;
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const message of outsideReferences(root, file, line)) problems.push({ file, line: index + 1, message });
      });
  }
  return problems;
}

function outsideReferences(root: string, file: string, line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(OUTSIDE_DOCUMENTS))
    found.push(`refers to ${match[0]}, which is not in the repository`);
  for (const match of line.matchAll(ISSUE_NUMBERS)) found.push(`cites an issue number ("${match[0]}…")`);
  for (const match of line.matchAll(SHARED_PATHS)) {
    if (!insideRepo(root, resolve(root, dirname(file), match[0])))
      found.push(`refers outside the repository: ${match[0]}`);
  }
  if (file.endsWith('.md')) {
    for (const match of line.matchAll(MACHINE_PATHS)) found.push(`refers to an absolute path: ${match[1]}`);
  }
  return found;
}

function deadLink(root: string, page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
  const [pathPart = '', anchor] = target.split('#', 2);
  const path = decodeURIComponent(pathPart);
  if (path.startsWith('/')) return `links to an absolute path: ${target}`;
  const file = path === '' ? join(root, page) : resolve(root, dirname(page), path);
  if (!insideRepo(root, file)) return `links outside the repository: ${target}`;
  if (!existsSync(file)) return `dead link: ${target}`;
  if (anchor !== undefined && file.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) {
    return `dead anchor: ${target}`;
  }
  return undefined;
}

function insideRepo(root: string, path: string): boolean {
  const rel = relative(resolve(root), path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** The anchors GitHub gives a page's headings (lower case, punctuation dropped, spaces to dashes). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'out', 'dist', 'build', 'test-artifacts', 'runs']);

function trackedFiles(root: string): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter(Boolean);
  } catch {
    // Not a git checkout (an unpacked tarball): every file outside build output.
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('dist-')) continue;
        const path = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk('');
    return files;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const problems = [...checkDocs(root), ...checkRepoReferences(root)];
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  if (problems.length > 0) process.exit(1);
  console.log(`docs: ${docPages(root).length} pages, every link and reference resolves.`);
}
