// The `latchkey` command line (commander): `serve`, and admin subcommands on a database file, one
// module per command group (commands/). Exit codes: 0 done, 1 the operation failed, 2 the command
// line was wrong.
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { Output } from './output.ts';
import { addAuditCommand } from './commands/audit.ts';
import { addBackupCommand } from './commands/backup.ts';
import { cliContext } from './commands/context.ts';
import { addKeysCommands } from './commands/keys.ts';
import { addOutboxCommand } from './commands/outbox.ts';
import { addServeCommand } from './commands/serve.ts';
import { addSessionsCommands } from './commands/sessions.ts';
import { addUsersCommands } from './commands/users.ts';

export async function runCli(argv: string[], io: Pick<Output, 'out' | 'err'> = defaultIo): Promise<number> {
  const cli = cliContext({ json: false, ...io });
  const program = new Command('latchkey')
    .description('Latchkey: a local-first auth server for Electron apps, phones and scripts')
    .version(pkg.version)
    .option('--db <file>', 'SQLite database (default: $LATCHKEY_DB or ./.latchkey/latchkey.db)')
    .option('--config <file>', 'JSON configuration file (see docs/configuration.md)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  addServeCommand(program, cli, io.out);
  addUsersCommands(program, cli);
  addSessionsCommands(program, cli);
  addOutboxCommand(program, cli);
  addKeysCommands(program, cli);
  addBackupCommand(program, cli);
  addAuditCommand(program, cli);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return cli.exitCode;
}

const defaultIo = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};
