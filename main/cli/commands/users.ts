// `latchkey users …`: list, add, disable, enable, unlock, delete, set-email and reset-password accounts.
import { text } from 'node:stream/consumers';
import { Option, type Command } from 'commander';
import { USER_STATUSES } from '../../../shared/schemas.ts';
import { resolveUser, userCount, userTable } from '../admin.ts';
import { print } from '../output.ts';
import { integer, type CliContext } from './context.ts';

const DONE = { disable: 'disabled', enable: 'enabled', unlock: 'unlocked', delete: 'deleted' } as const;

export function addUsersCommands(program: Command, cli: CliContext): void {
  const { act, output } = cli;
  const users = program.command('users').description('list and manage accounts');
  users
    .command('list')
    .addOption(new Option('--status <status>', 'only accounts in this state').choices(USER_STATUSES))
    .option('--query <text>', 'match email or name')
    .option('--limit <n>', 'at most this many', integer(1, 500), 100)
    .action(
      act(async (auth, _o, local: { status?: (typeof USER_STATUSES)[number]; query?: string; limit: number }) => {
        const result = await auth.adminCaller().admin.users.list({ ...local, offset: 0 });
        print(output, result, () => `${userTable(result.users)}\n${userCount(result.users.length, result.total)}`);
      }),
    );
  users
    .command('add <email>')
    .description('create an account (password read from stdin with --password-stdin)')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--admin', 'give the admin role')
    .option('--verified', 'mark the email as verified')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      act(
        async (
          auth,
          _o,
          email: string,
          local: { name?: string; admin?: boolean; verified?: boolean; passwordStdin?: boolean },
        ) => {
          const password = local.passwordStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : undefined;
          const user = await auth.adminCaller().admin.users.create({
            email,
            name: local.name ?? email.split('@')[0] ?? email,
            role: local.admin ? 'admin' : 'user',
            emailVerified: local.verified === true,
            // An empty stdin is a password too, one the policy refuses: never a passwordless account.
            ...(password !== undefined ? { password } : {}),
          });
          print(output, user, () => userTable([user]));
        },
      ),
    );
  for (const verb of ['disable', 'enable', 'unlock', 'delete'] as const) {
    users
      .command(`${verb} <user>`)
      .description(`${verb} an account (by id or email)`)
      .action(
        act(async (auth, _o, ref: string) => {
          const admin = auth.adminCaller();
          const user = await resolveUser(admin, ref);
          const result = await admin.admin.users[verb]({ userId: user.id });
          print(output, result, () => `${DONE[verb]} ${user.email} (id ${user.id})`);
        }),
      );
  }

  users
    .command('set-email <user> <email>')
    .description('point an account (by id or email) at another address; its locks follow it')
    .option('--verified', 'mark the new address as verified (you confirmed it with its owner)')
    .action(
      act(async (auth, _o, ref: string, email: string, local: { verified?: boolean }) => {
        const admin = auth.adminCaller();
        const user = await resolveUser(admin, ref);
        const result = await admin.admin.users.setEmail({
          userId: user.id,
          email,
          ...(local.verified ? { emailVerified: true } : {}),
        });
        print(output, result, () => `${user.email} is now ${result.email} (id ${user.id})`);
      }),
    );

  users
    .command('reset-password <user>')
    .description('mail the user a password reset code (by id or email); --print shows a one-time code instead')
    .option('--print', 'print a one-time code here instead of mailing it (no mail on a kiosk)')
    .action(
      act(async (auth, _o, ref: string, local: { print?: boolean }) => {
        const admin = auth.adminCaller();
        const user = await resolveUser(admin, ref);
        const result = await admin.admin.users.resetPassword({ userId: user.id, print: local.print === true });
        const minutes = Math.round(result.expiresIn / 60);
        print(output, result, () =>
          result.delivery === 'printed'
            ? `${result.code}\none-time reset code for ${result.email}, valid ${minutes} minutes`
            : `mailed a reset code to ${result.email}, valid ${minutes} minutes`,
        );
      }),
    );
}
