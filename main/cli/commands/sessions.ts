// `latchkey sessions …`: list live sessions, end one, or end every session of a user.
import type { Command } from 'commander';
import { emailsOf, resolveUser } from '../admin.ts';
import { print, table } from '../output.ts';
import type { CliContext } from './context.ts';

export function addSessionsCommands(program: Command, cli: CliContext): void {
  const { act, output } = cli;
  const sessions = program.command('sessions').description('live sessions');
  sessions
    .command('list')
    .option('--user <user>', 'only this user (id or email)')
    .action(
      act(async (auth, _o, local: { user?: string }) => {
        const admin = auth.adminCaller();
        const userId = local.user ? (await resolveUser(admin, local.user)).id : undefined;
        const rows = await admin.admin.sessions.list(userId ? { userId } : {});
        const emails = await emailsOf(admin, rows);
        print(output, rows, () =>
          table(rows, [
            ['SESSION', (s) => s.id],
            ['USER', (s) => s.userId],
            ['EMAIL', (s) => emails.get(s.userId)],
            ['DEVICE', (s) => s.deviceId],
            ['AMR', (s) => s.amr],
            ['LAST ACTIVE', (s) => s.lastActiveAt],
            ['EXPIRES', (s) => s.expiresAt],
          ]),
        );
      }),
    );
  const revokeSessions = act(async (auth, _o, id: string | undefined, local: { user?: string }, _command: Command) => {
    const admin = auth.adminCaller();
    if (local.user !== undefined) {
      const user = await resolveUser(admin, local.user);
      const result = await admin.admin.sessions.revokeAll({ userId: user.id });
      print(output, result, () => `revoked ${result.revokedSessions} sessions of ${user.email}`);
      return;
    }
    const result = await admin.admin.sessions.revoke({ id: id! });
    print(output, result, () => `revoked ${id}`);
  });
  sessions
    .command('revoke [session]')
    .description('end a session, or with --user every session of a user, at once')
    .option('--user <user>', 'every live session of this user (id or email)')
    .action((id: string | undefined, local: { user?: string }, command: Command) => {
      // A usage error (exit 2), before the database is opened.
      if ((id === undefined) === (local.user === undefined)) command.error('give a session id or --user <user>');
      return revokeSessions(id, local, command);
    });
}
