// Admin subcommands: they open the database and act through the router's admin caller, so the
// CLI follows the same rules and leaves the same audit trail as an admin over the API.
import { existsSync, copyFileSync, constants, lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthServer } from '../server/server.ts';
import { privateFile, privateFolder, tightenFile } from '../server/private-files.ts';
import { AuthError } from '../server/errors.ts';
import type { PublicUser } from '../../shared/types.ts';
import { table, type Column } from './output.ts';

type Admin = ReturnType<AuthServer['adminCaller']>;

/** A user named by numeric id or by email (exact, case-insensitive). */
export async function resolveUser(admin: Admin, ref: string): Promise<PublicUser> {
  if (/^\d+$/.test(ref)) return admin.admin.users.get({ userId: Number(ref) });
  const wanted = ref.trim().toLowerCase();
  // The query matches substrings: page on until the exact address, however many others contain it.
  for (let offset = 0; ; offset += 500) {
    const { users, total } = await admin.admin.users.list({ query: wanted, limit: 500, offset });
    const user = users.find((candidate) => candidate.email.toLowerCase() === wanted);
    if (user) return user;
    if (users.length === 0 || offset + users.length >= total) throw new AuthError('NOT_FOUND');
  }
}

export const USER_COLUMNS: ReadonlyArray<Column<PublicUser>> = [
  ['ID', (u) => u.id],
  ['EMAIL', (u) => u.email],
  ['NAME', (u) => u.name],
  ['ROLE', (u) => u.role],
  ['STATUS', (u) => u.status],
  ['PASSWORD', (u) => (u.hasPassword ? 'yes' : 'no')],
  ['2FA', (u) => (u.totpEnabled ? 'yes' : 'no')],
  ['CREATED', (u) => u.createdAt],
];

export const userTable = (users: PublicUser[]) => table(users, USER_COLUMNS);

/** Under the users table: how many it shows, and how many more a bigger --limit would. */
export function userCount(shown: number, total: number): string {
  if (shown >= total) return `${total} user(s)`;
  return `${shown} of ${total} user(s) shown: raise --limit (at most 500) or narrow with --query to see the others`;
}

/** The email of each user id in `rows`, for tables that list users' things by id. */
export async function emailsOf(admin: Admin, rows: ReadonlyArray<{ userId: number }>): Promise<Map<number, string>> {
  const emails = new Map<number, string>();
  for (const userId of new Set(rows.map((row) => row.userId))) {
    emails.set(userId, (await admin.admin.users.get({ userId })).email);
  }
  return emails;
}

/**
 * Online backup (SQLite backup API, safe while serving) plus the key file its sealed data needs:
 * `<file>` and `<file>.key`, both 0600. Restoring needs both (docs/operations.md).
 */
export async function backup(
  auth: AuthServer,
  file: string,
  force: boolean,
): Promise<{ database: string; keyFile?: string }> {
  // Both names checked before a byte is written: never a new database beside an older key. A
  // symbolic link counts as there even when it points nowhere.
  for (const path of [file, `${file}.key`]) {
    if (!force && present(path)) throw new Error(`${path} exists (pass --force to overwrite)`);
  }
  // Created 0600, in folders created 0700, before SQLite writes a page into it (an overwritten
  // one is tightened first; a link to nowhere is refused: docs/security.md, Data at rest).
  privateFolder(dirname(file));
  privateFile(file);
  await auth.services.db.backup(file);
  const keyFile = `${auth.config.database}.key`;
  if (!existsSync(keyFile)) return { database: file };
  copyFileSync(keyFile, `${file}.key`, force ? 0 : constants.COPYFILE_EXCL);
  tightenFile(`${file}.key`);
  return { database: file, keyFile: `${file}.key` };
}

/** Whether anything is at `path`, a symbolic link to nowhere included. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
