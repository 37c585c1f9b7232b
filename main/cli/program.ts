// The `latchkey` command line (commander): `serve`, and admin subcommands on a database file.
// Exit codes: 0 done, 1 the operation failed, 2 the command line was wrong.
import { text } from 'node:stream/consumers';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { USER_STATUSES } from '../../shared/schemas.ts';
import { streamLogger, type Logger } from '../server/logger.ts';
import { listOutbox } from '../server/email/outbox.ts';
import type { AuthServer } from '../server/server.ts';
import pkg from '../../package.json' with { type: 'json' };
import { backup, emailsOf, resolveUser, userCount, userTable } from './admin.ts';
import { openExisting, type StoreOptions } from './open-server.ts';
import { print, printError, table, type Output } from './output.ts';
import { serve } from './serve.ts';
import { DEFAULT_MEMORY_MODE, MEMORY_MODES } from './lean-serving.ts';

interface GlobalOptions extends StoreOptions {
  json?: boolean;
}

/** Admin commands serve no requests: start-up notices for serving (mail off…) would be noise. */
const serverLog = streamLogger();
const adminLogger: Logger = {
  log: (level, message, fields) => level === 'error' && serverLog.log(level, message, fields),
};

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer ${min}–${max}`);
  return n;
};

export async function runCli(argv: string[], io: Pick<Output, 'out' | 'err'> = defaultIo): Promise<number> {
  let exitCode = 0;
  const output: Output = { json: false, ...io };
  const program = new Command('latchkey')
    .description('Latchkey: a local-first auth server for Electron apps, phones and scripts')
    .version(pkg.version)
    .option('--db <file>', 'SQLite database (default: $LATCHKEY_DB or ./.latchkey/latchkey.db)')
    .option('--config <file>', 'JSON configuration file (see docs/configuration.md)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  /** Runs an admin action on the database, printing its result or its error. */
  const act =
    <A extends unknown[]>(run: (auth: AuthServer, options: GlobalOptions, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const command = args.at(-1) as Command;
      const options = command.optsWithGlobals<GlobalOptions>();
      output.json = options.json === true;
      let auth: AuthServer | undefined;
      try {
        auth = openExisting(options, { logger: adminLogger });
        await run(auth, options, ...args);
      } catch (error) {
        printError(output, error);
        exitCode = 1;
      } finally {
        await auth?.close();
      }
    };

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
        exitCode = await serve(options, io.out);
      } catch (error) {
        printError(output, error);
        exitCode = 1;
      }
    });

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
            ...(password ? { password } : {}),
          });
          print(output, user, () => userTable([user]));
        },
      ),
    );
  const done = { disable: 'disabled', enable: 'enabled', unlock: 'unlocked', delete: 'deleted' } as const;
  for (const verb of ['disable', 'enable', 'unlock', 'delete'] as const) {
    users
      .command(`${verb} <user>`)
      .description(`${verb} an account (by id or email)`)
      .action(
        act(async (auth, _o, ref: string) => {
          const admin = auth.adminCaller();
          const user = await resolveUser(admin, ref);
          const result = await admin.admin.users[verb]({ userId: user.id });
          print(output, result, () => `${done[verb]} ${user.email} (id ${user.id})`);
        }),
      );
  }

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

  program
    .command('keys')
    .description('signing keys')
    .command('rotate')
    .description('start signing with a new key; old tokens keep verifying until they expire')
    .action(
      act(async (auth) => {
        const result = await auth.adminCaller().admin.keys.rotate();
        print(output, result, () => `new signing key ${result.kid}`);
      }),
    );

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

  program
    .command('audit')
    .description('security events, newest first')
    .option('--user <user>', 'only this user (id or email)')
    .option('--type <type>', 'only this event type')
    .option('--limit <n>', 'at most this many', integer(1, 1000), 50)
    .option('--verify', "check the log's hash chain instead of listing (exit 1 if it is broken)")
    .action(
      act(async (auth, _o, local: { user?: string; type?: string; limit: number; verify?: boolean }) => {
        const admin = auth.adminCaller();
        if (local.verify) {
          const verdict = await admin.admin.audit.verify();
          print(output, verdict, () =>
            verdict.ok
              ? `audit chain ok: ${verdict.checked} event(s)${verdict.prunedThrough ? `, after event ${verdict.prunedThrough} (pruned)` : ''}`
              : `audit chain broken at event ${verdict.firstBadId}: ${verdict.reason}`,
          );
          if (!verdict.ok) exitCode = 1;
          return;
        }
        const userId = local.user ? (await resolveUser(admin, local.user)).id : undefined;
        const events = await admin.admin.audit.list({ limit: local.limit, type: local.type, userId });
        print(output, events, () =>
          table(events, [
            ['ID', (e) => e.id],
            ['AT', (e) => e.at],
            ['TYPE', (e) => e.type],
            ['USER', (e) => e.userId],
            ['TRANSPORT', (e) => e.transport],
            ['IP', (e) => e.ipAddress],
            ['DETAILS', (e) => (Object.keys(e.details).length ? JSON.stringify(e.details) : null)],
          ]),
        );
      }),
    );

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

const defaultIo = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};
