// The audit log is tamper-evident (docs/security.md R70): a hash chain over every row, verified by
// admins, that any edit, insertion or removal breaks, while account deletion (R67) still leaves
// no trace of the person and the chain intact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/server/db/open.ts';
import { verifyAuditChain } from '../../main/server/security/audit-chain.ts';
import { createAuthServer } from '../../main/server/server.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, PASSWORD, as, errorOf, registerUser, startServer, tempDir } from '../helpers/server.ts';
import { databaseAtVersion } from '../helpers/old-database.ts';

const http = { transport: 'http' as const, ipAddress: '203.0.113.77' };

async function busyLog(server: AuthServer) {
  const ada = await registerUser(server, 'ada@example.com', { id: 'phone-ada' });
  await registerUser(server, 'bob@example.com');
  await server.caller(http).auth.refresh({ refreshToken: ada.tokens.refreshToken });
  await errorOf(server.caller(http).auth.login({ email: 'ada@example.com', password: 'not the password' }));
  await server.caller(http).auth.login({ email: 'ada@example.com', password: PASSWORD, device: { id: 'phone-ada' } });
  return ada;
}

const verify = (server: AuthServer) => server.adminCaller().admin.audit.verify();
const ids = (server: AuthServer, where: string) =>
  (
    server.services.db.prepare(`SELECT id FROM audit_events WHERE ${where} ORDER BY id`).all() as Array<{ id: number }>
  ).map((row) => row.id);

describe('audit hash chain', () => {
  it('verifies an untouched log, row by row from the first', async () => {
    const { server } = startServer();
    await busyLog(server);
    const count = ids(server, '1').length;
    expect(count).toBe(7);
    expect(await verify(server)).toEqual({ ok: true, checked: count, headId: count, prunedThrough: null });
  });

  it('reports the first edited row: content, who, or a row removed before it', async () => {
    const { server } = startServer();
    await busyLog(server);
    const db = server.services.db;
    const [failed] = ids(server, "type = 'login_failed'");
    const snapshot = db.prepare('SELECT * FROM audit_events WHERE id = ?').get(failed!) as Record<string, unknown>;
    const restore = () =>
      db
        .prepare(
          'UPDATE audit_events SET type = @type, details = @details, user_id = @user_id, at = @at WHERE id = @id',
        )
        .run(snapshot);

    db.prepare(`UPDATE audit_events SET details = '{"reason":"nothing"}' WHERE id = ?`).run(failed!);
    expect(await verify(server)).toMatchObject({ ok: false, firstBadId: failed, reason: 'chain_broken' });
    restore();
    db.prepare('UPDATE audit_events SET at = at - 1 WHERE id = ?').run(failed!);
    expect(await verify(server)).toMatchObject({ ok: false, firstBadId: failed, reason: 'chain_broken' });
    restore();
    db.prepare('UPDATE audit_events SET user_id = NULL WHERE id = ?').run(failed!);
    expect(await verify(server)).toMatchObject({ ok: false, firstBadId: failed, reason: 'identity_changed' });
    restore();
    expect(await verify(server)).toMatchObject({ ok: true });

    // A removed row breaks the link of the one after it.
    db.prepare('DELETE FROM audit_events WHERE id = ?').run(failed! - 1);
    expect(await verify(server)).toMatchObject({ ok: false, firstBadId: failed, reason: 'chain_broken' });
  });

  it('is for admins only', async () => {
    const { server } = startServer();
    const ada = await registerUser(server);
    expect((await errorOf(as(server, ada.tokens.accessToken).admin.audit.verify())).code).toBe('FORBIDDEN');
    expect((await errorOf(server.caller().admin.audit.verify())).code).toBe('UNAUTHORIZED');
  });

  it('account deletion redacts the person from the log, and the chain still verifies', async () => {
    const test = startServer({}, { file: true });
    const { server } = test;
    const ada = await busyLog(server);
    const adaEvents = ids(server, `user_id = ${ada.user.id} OR session_id = '${ada.session.id}'`);
    expect(adaEvents.length).toBe(5);
    const others = server.services.db
      .prepare('SELECT * FROM audit_events WHERE user_id IS NOT NULL AND user_id != ?')
      .all(ada.user.id);

    await as(server, ada.tokens.accessToken).account.delete();
    const db = server.services.db;
    expect(await verify(server)).toMatchObject({ ok: true });
    // What happened and when stays; who and where do not, not even as a salted hash one could test.
    const redacted = db
      .prepare(`SELECT * FROM audit_events WHERE id IN (${adaEvents.join(',')}) ORDER BY id`)
      .all() as Array<Record<string, unknown>>;
    expect(redacted).toHaveLength(adaEvents.length);
    for (const row of redacted) {
      expect(row).toMatchObject({ user_id: null, session_id: null, device_id: null, ip_address: null });
      expect(row['identity_salt']).toBeNull();
      expect(row['redacted_at']).toBe(test.clock.now());
    }
    expect(
      db.prepare('SELECT * FROM audit_events WHERE user_id IS NOT NULL AND user_id != ?').all(ada.user.id),
    ).toEqual(others);
    expect(server.services.audit.list({ type: 'account_deleted', limit: 1 })).toMatchObject([
      { userId: null, ipAddress: null, details: { actor: 'self' } },
    ]);
    const path = server.config.database;
    const files = Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`)]);
    for (const trace of ['ada@example.com', 'phone-ada', ada.session.id]) {
      expect([trace, files.includes(trace)]).toEqual([trace, false]);
    }
    // The address stays only in its own (shared, short-lived) throttle counter, never in the log.
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE ip_address = '203.0.113.77'").get()).toEqual({
      n: 0,
    });
    expect(files.includes('bob@example.com')).toBe(true);

    // Putting the person back into a redacted row is an edit like any other.
    db.prepare('UPDATE audit_events SET user_id = ? WHERE id = ?').run(ada.user.id, adaEvents[1]!);
    expect(await verify(server)).toMatchObject({ ok: false, firstBadId: adaEvents[1], reason: 'identity_changed' });
  });

  it('stays one chain when two servers append to one file', async () => {
    const database = join(tempDir(), 'shared.db');
    const one = createAuthServer({ database, password: FAST_PASSWORDS });
    const two = createAuthServer({ database, password: FAST_PASSWORDS });
    try {
      await registerUser(one, 'ada@example.com');
      await registerUser(two, 'bob@example.com');
      await Promise.all([
        errorOf(one.caller().auth.login({ email: 'ada@example.com', password: 'wrong one' })),
        errorOf(two.caller().auth.login({ email: 'bob@example.com', password: 'wrong two' })),
        one.caller().auth.login({ email: 'bob@example.com', password: PASSWORD }),
      ]);
      expect(await verify(two)).toMatchObject({ ok: true, checked: ids(one, '1').length });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('seals the rows of a database that predates the chain when it migrates', () => {
    const path = join(tempDir(), 'old.db');
    const raw = databaseAtVersion(path, 30);
    const insert = raw.prepare(
      "INSERT INTO audit_events (at, type, user_id, ip_address, details) VALUES (?, ?, ?, ?, '{}')",
    );
    insert.run(1, 'user_registered', 1, '198.51.100.1');
    insert.run(2, 'login_succeeded', 1, null);
    raw.close();

    const db = openDatabase(path);
    expect(verifyAuditChain(db)).toEqual({ ok: true, checked: 2, headId: 2, prunedThrough: null });
    db.prepare("UPDATE audit_events SET ip_address = '198.51.100.2' WHERE id = 1").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 1, reason: 'identity_changed' });
    db.close();
  });
});
