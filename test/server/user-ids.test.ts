// A user's id is the `sub` of their tokens and the key apps file their own data under, so no id is
// given to a second account: not after the newest account is deleted, not after a restart, and not
// after an upgrade from a version that reused them (migration 0150 starts above every id the audit
// log remembers). Dev mode's reset starts again at 1, as a new database does.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/server/db/open.ts';
import { emptyDatabase } from '../../main/server/dev/reset.ts';
import { insertUser } from '../../main/server/accounts/users.ts';
import { as, errorOf, registerUser, startServer, tempDir } from '../helpers/server.ts';
import { databaseAtVersion, insertOldUser } from '../helpers/old-database.ts';

const newUser = (email: string) => ({ uuid: `u-${email}`, email, name: 'Ada', passwordHash: null, now: 1 });

describe('user ids', () => {
  it('are never given to a second account, also across a restart', async () => {
    const test = startServer({}, { file: true });
    await registerUser(test.server, 'first@example.com');
    const newest = await registerUser(test.server, 'newest@example.com');
    await as(test.server, newest.tokens.accessToken).account.delete();

    const restarted = await test.restart();
    const next = await registerUser(restarted, 'next@example.com');
    expect(next.user.id).toBe(newest.user.id + 1);
    expect(restarted.services.db.prepare('SELECT id FROM user_id_high_water').get()).toEqual({ id: next.user.id });
    // The deleted account's token names an id no one has; the new account's audit trail is its own.
    expect((await errorOf(as(restarted, newest.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    const events = await restarted.adminCaller().admin.audit.list({ userId: next.user.id, limit: 50 });
    expect(events.map((event) => event.type)).not.toContain('account_deleted');
  });

  it('an upgraded database starts above every id its audit log remembers', () => {
    const path = join(tempDir(), 'old.db');
    const old = databaseAtVersion(path, 140);
    // Accounts 1 and 2 remain; account 3 was deleted, and only the audit log remembers it.
    insertOldUser(old, 1, 'ada@example.com');
    insertOldUser(old, 2, 'bob@example.com');
    old.prepare(`INSERT INTO audit_events (at, type, user_id, details) VALUES (1, 'account_deleted', 3, '{}')`).run();
    old.close();

    const db = openDatabase(path);
    expect(insertUser(db, newUser('next@example.com'))?.id).toBe(4);
    expect(insertUser(db, newUser('next@example.com'))).toBeUndefined();
    expect(insertUser(db, newUser('after@example.com'))?.id).toBe(5);
    db.close();
  });

  it('start again at 1 after dev mode empties the database', () => {
    const db = openDatabase(':memory:');
    insertUser(db, newUser('a@example.com'));
    insertUser(db, newUser('b@example.com'));
    emptyDatabase(db);
    expect(insertUser(db, newUser('c@example.com'))?.id).toBe(1);
    expect(insertUser(db, newUser('d@example.com'))?.id).toBe(2);
    db.close();
  });
});
