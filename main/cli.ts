#!/usr/bin/env node
// `latchkey`: serve the auth server over HTTP, or administer its database (main/cli/).
import './cli/require-node.ts';
import { enablePrivateCompileCache } from './cli/compile-cache.ts';
import { relaunchLeanForServing } from './cli/lean-serving.ts';

// First, before the CLI and the server load: `serve` may restart itself with leaner memory settings.
relaunchLeanForServing(process.argv);
// Then the CLI's code comes compiled from disk when it can (main/cli/compile-cache.ts).
enablePrivateCompileCache();
const { runCli } = await import('./cli/program.ts');
process.exitCode = await runCli(process.argv);
