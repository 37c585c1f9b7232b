// Account deletion after the address was changed (docs/security.md R67, R75): every trace of the
// person goes, also of the addresses the account had before, not only of the current one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/server/db/open.ts';
import { MIGRATIONS } from '../../main/server/db/migrations/index.ts';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';
import { lastCode } from '../helpers/email.ts';

function fileBytes(path: string): Buffer {
  const read = (p: string) => {
    try {
      return readFileSync(p);
    } catch {
      return Buffer.alloc(0);
    }
  };
  return Buffer.concat([read(path), read(`${path}-wal`)]);
}

describe('account deletion after an email change', () => {
  it('leaves no row and no byte naming the old address', async () => {
    const { server } = startServer({}, { file: true });
    await registerUser(server, 'keep@example.com');
    const { tokens } = await registerUser(server, 'old.self@example.com');
    const caller = as(server, tokens.accessToken);
    await caller.account.requestEmailChange({ newEmail: 'new.self@example.com' });
    await caller.account.confirmEmailChange({ code: lastCode(server, 'new.self@example.com') });
    const db = server.services.db;
    // The notices to the old address sit in the outbox before the deletion.
    expect(
      db.prepare("SELECT count(*) AS n FROM mail_outbox WHERE to_normalized = 'old.self@example.com'").get(),
    ).toEqual({
      n: 2,
    });

    const recent = await server.caller().auth.login({ email: 'new.self@example.com', password: PASSWORD });
    if (recent.requires2fa) throw new Error('no 2fa');
    expect(await as(server, recent.tokens.accessToken).account.delete()).toEqual({ deleted: true });

    expect(
      db.prepare("SELECT count(*) AS n FROM mail_outbox WHERE to_normalized LIKE '%.self@example.com'").get(),
    ).toEqual({
      n: 0,
    });
    const bytes = fileBytes(server.config.database);
    expect(bytes.includes('new.self')).toBe(false);
    expect(bytes.includes('old.self')).toBe(false);
    expect(bytes.includes('keep@example.com')).toBe(true);
  });

  it('also takes the code mailed to an address the account never confirmed', async () => {
    const { server } = startServer({}, { file: true });
    const { tokens } = await registerUser(server, 'asker@example.com');
    await as(server, tokens.accessToken).account.requestEmailChange({ newEmail: 'never.confirmed@example.com' });
    const db = server.services.db;
    const mailTo = "SELECT count(*) AS n FROM mail_outbox WHERE to_normalized = 'never.confirmed@example.com'";
    expect(db.prepare(mailTo).get()).toEqual({ n: 1 });
    expect(await as(server, tokens.accessToken).account.delete()).toEqual({ deleted: true });
    expect(db.prepare(mailTo).get()).toEqual({ n: 0 });
  });

  it('links mail already in the outbox to the account at its current address when upgrading', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'latchkey-outbox-owner-')), 'auth.db');
    const raw = new Database(file);
    for (const migration of MIGRATIONS.filter((m) => m.version < 170)) migration.up(raw);
    raw.pragma('user_version = 160');
    raw
      .prepare(
        `INSERT INTO users (id, uuid, email, email_normalized, name, created_at, updated_at)
         VALUES (7, 'u-7', 'Ada@Example.com', 'ada@example.com', 'Ada', 0, 0)`,
      )
      .run();
    const mail = raw.prepare(
      "INSERT INTO mail_outbox (to_address, to_normalized, subject, transport, created_at) VALUES (?, ?, 's', 'outbox', 0)",
    );
    mail.run('Ada@Example.com', 'ada@example.com');
    mail.run('someone@example.com', 'someone@example.com');
    raw.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT to_normalized, user_id FROM mail_outbox ORDER BY id').all()).toEqual([
      { to_normalized: 'ada@example.com', user_id: 7 },
      { to_normalized: 'someone@example.com', user_id: null },
    ]);
    db.prepare('DELETE FROM users WHERE id = 7').run();
    expect(db.prepare('SELECT to_normalized FROM mail_outbox').all()).toEqual([
      { to_normalized: 'someone@example.com' },
    ]);
    db.close();
  });
});
