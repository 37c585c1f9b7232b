// `latchkey serve`: the API over HTTP until a signal stops it.
import type { Command } from 'commander';
import { printError } from '../output.ts';
import { serve } from '../serve.ts';
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
