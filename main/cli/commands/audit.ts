// `latchkey audit`: security events, or with --verify a check of the log's hash chain.
import type { Command } from 'commander';
import { resolveUser } from '../admin.ts';
import { print, table } from '../output.ts';
import { integer, type CliContext } from './context.ts';

export function addAuditCommand(program: Command, cli: CliContext): void {
  const { act, output } = cli;
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
          if (!verdict.ok) cli.exitCode = 1;
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
}
