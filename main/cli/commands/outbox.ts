// `latchkey outbox`: the mail the server has sent, unsealed with the key file.
import type { Command } from 'commander';
import { listOutbox } from '../../server/email/outbox.ts';
import { print, table } from '../output.ts';
import { integer, type CliContext } from './context.ts';

export function addOutboxCommand(program: Command, cli: CliContext): void {
  const { act, output } = cli;
  program
    .command('outbox')
    .description('mail the server has sent, newest first, unsealed with the key file (codes included)')
    .option('--email <email>', 'only mail to this address')
    .option('--limit <n>', 'at most this many', integer(1, 500), 20)
    .action(
      act(async (auth, _o, local: { email?: string; limit: number }) => {
        // Read whatever transport is configured now: mail is sealed, and this admin has the key.
        const { db, secretBox } = auth.services;
        const messages = listOutbox(db, secretBox, { email: local.email, limit: local.limit });
        print(output, messages, () =>
          table(messages, [
            ['WHEN', (m) => m.createdAt],
            ['TO', (m) => m.to],
            ['SUBJECT', (m) => m.subject],
            ['CODE', (m) => m.code],
          ]),
        );
      }),
    );
}
