// `latchkey backup <file>`: an online copy of the database, with its key file beside it.
import type { Command } from 'commander';
import { backup } from '../admin.ts';
import { print } from '../output.ts';
import type { CliContext } from './context.ts';

export function addBackupCommand(program: Command, cli: CliContext): void {
  const { act, output } = cli;
  program
    .command('backup <file>')
    .description('online backup of the database (safe while serving), with its key file')
    .option('--force', 'overwrite an existing file')
    .action(
      act(async (auth, _o, file: string, local: { force?: boolean }) => {
        const result = await backup(auth, file, local.force === true);
        print(output, result, () =>
          result.keyFile
            ? `backed up to ${result.database} and its key file ${result.keyFile}: keep them together, the database cannot be opened without it`
            : `backed up to ${result.database} (no key file beside the database: its data key is kept elsewhere)`,
        );
      }),
    );
}
