// `npm run build` (and `prepack`): everything the npm package ships, from source. The screens
// (renderer/dist, served by latchkey/http and the CLI), the single-file elements
// (renderer/dist-elements), the library entries with their types (dist/, tsdown.config.ts) and
// the CLI bundle (dist/cli/). Each step stops the build when it fails.
import { buildCli } from './build-cli.ts';
import { run } from './run.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

for (const script of ['build:renderer', 'build:elements', 'build:lib']) {
  const code = await run(npm, ['run', '--silent', script]);
  if (code !== 0) process.exit(code);
}
await buildCli();
