#!/usr/bin/env node
// `latchkey`: serve the auth server over HTTP, or administer its database (main/cli/).
import { runCli } from './cli/program.ts';

process.exitCode = await runCli(process.argv);
