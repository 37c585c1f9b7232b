// The public API of each entry point, as API Extractor reads the built .d.ts files, kept in
// api/<entry>.api.md. `npm run api` (after `npm run build`) fails when the API differs from the
// committed report; `npm run api -- --local` rewrites the reports to commit with the change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { sortLiteralUnions } from './literal-unions.ts';
import { root } from './run.ts';

/** Every `exports` entry with types, by its report's name. */
export const API_ENTRIES = ['server', 'http', 'electron', 'preload', 'elements', 'client', 'testing'] as const;

/** Runs API Extractor on each entry; answers the entries whose report differs (rewritten when local). */
export function checkApiReports({ local }: { local: boolean }): string[] {
  const temp = join(root, 'node_modules', '.cache', 'api-report');
  mkdirSync(temp, { recursive: true });
  const configs = API_ENTRIES.map((entry) => ({ entry, config: prepare(entry, temp) }));
  // One TypeScript program for every entry: each report then takes a second or two, not ten.
  const compilerState = CompilerState.create(configs[0]!.config, {
    additionalEntryPoints: configs.map(({ config }) => config.mainEntryPointFilePath),
  });
  const changed: string[] = [];
  for (const { entry, config } of configs) {
    const committed = readIfExists(reportPath(entry));
    const result = Extractor.invoke(config, {
      localBuild: local,
      compilerState,
      showVerboseMessages: false,
      messageCallback: quiet,
    });
    if (result.apiReportChanged && !onlyUnionOrderDiffers(entry, temp, committed, local)) changed.push(entry);
    else if (!result.apiReportChanged && !result.succeeded)
      throw new Error(`API Extractor failed on ${entry}: ${result.errorCount} errors`);
  }
  return changed;
}

const reportPath = (entry: string): string => join(root, 'api', `${entry}.api.md`);

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * TypeScript prints a union of string literals in the order it first met each literal, and the
 * declaration bundler does not always check files in the same order: `"web" | "ios"` one build,
 * `"ios" | "web"` the next. Such a report is the same API; a local run keeps the committed order.
 */
function onlyUnionOrderDiffers(entry: string, temp: string, committed: string | undefined, local: boolean): boolean {
  const fresh = readIfExists(join(temp, `${entry}.api.md`));
  if (committed === undefined || fresh === undefined) return false;
  if (sortLiteralUnions(fresh) !== sortLiteralUnions(committed)) return false;
  if (local) writeFileSync(reportPath(entry), committed);
  return true;
}

function prepare(entry: string, temp: string): ExtractorConfig {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: join(root, 'dist', `${entry}.d.ts`),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            lib: ['ES2024', 'DOM', 'DOM.Iterable'],
            types: ['node'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: true,
          },
        },
      },
      apiReport: { enabled: true, reportFileName: entry, reportFolder: join(root, 'api'), reportTempFolder: temp },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Types that reach the API without being exported by name are listed in the report.
        extractorMessageReporting: { 'ae-missing-release-tag': { logLevel: 'none' } },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(root, 'api', `${entry}.json`),
    packageJsonFullPath: join(root, 'package.json'),
  });
}

/** Warnings belong in the report, not the console. */
function quiet(message: { logLevel: string; handled: boolean }): void {
  if (message.logLevel === 'warning' || message.logLevel === 'info' || message.logLevel === 'verbose') {
    message.handled = true;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const local = process.argv.includes('--local');
  const changed = checkApiReports({ local });
  if (changed.length > 0) {
    console.log(`${local ? 'updated' : 'changed'}: ${changed.map((e) => `api/${e}.api.md`).join(', ')}`);
    if (!local) {
      console.log('The public API changed: run `npm run api -- --local` and commit api/.');
      process.exitCode = 1;
    }
  } else {
    console.log('API reports match.');
  }
}
