// `latchkey serve`: the API over HTTP until a signal stops it.
import { Option, type Command } from 'commander';
import { printError } from '../output.ts';
import { serve } from '../serve.ts';
import { DEFAULT_MEMORY_MODE, MEMORY_MODES } from '../lean-serving.ts';
import { integer, type CliContext, type GlobalOptions } from './context.ts';

export function addServeCommand(program: Command, cli: CliContext, out: (text: string) => void): void {
  program
    .command('serve')
    .description('serve the API over HTTP (tRPC, REST, OpenAPI, live events)')
    .option('--host <address>', 'interface to bind (loopback unless --allow-lan)')
    .option('--port <port>', 'TCP port; 0 picks a free one', integer(0, 65535))
    .option('--dev', 'dev mode: clock control, outbox, reset and seeding routes (loopback only)')
    .option('--allow-lan', 'allow binding a non-loopback interface (needs TLS)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .addOption(
      // Read before the CLI loads (main/cli/lean-serving.ts); declared here so --help shows it and
      // a value that is not a mode is refused.
      new Option('--memory <mode>', 'lean: less resident memory; fast: less CPU per password hash (Linux)')
        .choices(MEMORY_MODES)
        .default(DEFAULT_MEMORY_MODE),
    )
    .action(async (_options, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & Parameters<typeof serve>[0]>();
      try {
        cli.exitCode = await serve(options, out);
      } catch (error) {
        printError(cli.output, error);
        cli.exitCode = 1;
      }
    });
}
