// The signed-in user's own account: profile, passwords, deletion (docs/security.md R6, R35, R67).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';

describe('account', () => {
  it('me and updateName', async () => {
    const { server } = startServer();
    const { tokens, user } = await registerUser(server);
    const caller = as(server, tokens.accessToken);
    expect(await caller.account.me()).toEqual(user);
    expect(await caller.account.updateName({ name: '  Countess  ' })).toMatchObject({ name: 'Countess' });
    expect((await errorOf(caller.account.updateName({ name: '' }))).code).toBe('VALIDATION_ERROR');
    expect((await errorOf(server.caller().account.me())).code).toBe('UNAUTHORIZED');
  });

  it('changePassword needs the current password, checks policy, and can sign out other sessions', async () => {
    const { server } = startServer();
    const first = await registerUser(server);
    const other = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    if (other.requires2fa) throw new Error('no 2fa');
    const caller = as(server, first.tokens.accessToken);
    expect((await errorOf(caller.account.changePassword({ newPassword: 'x' } as never))).code).toBe('VALIDATION_ERROR');
    expect(
      (
        await errorOf(
          caller.account.changePassword({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' }),
        )
      ).code,
    ).toBe('INVALID_PASSWORD');
    expect(
      (await errorOf(caller.account.changePassword({ currentPassword: PASSWORD, newPassword: 'passwordpassword' })))
        .reason,
    ).toBe('password_blocklisted');
    const changed = await caller.account.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
      revokeOtherSessions: true,
    });
    expect(changed.revokedSessions).toBe(1);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: other.tokens.refreshToken }))).code).toBe(
      'UNAUTHORIZED',
    );
    await expect(caller.account.me()).resolves.toBeDefined();
    expect((await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    await server.caller().auth.login({ email: 'ada@example.com', password: 'a brand new passphrase' });
  });

  it('setPassword is for passwordless accounts, within the re-authentication window', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server);
    const error = await errorOf(
      as(server, tokens.accessToken).account.setPassword({ newPassword: 'another long passphrase' }),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'password_already_set' });
    // A passwordless account, signed in through the session machinery directly.
    await server.adminCaller().admin.users.create({ email: 'nopass@example.com', name: 'No Pass' });
    const { openSession } = await import('../../main/server/sessions/sign-in.ts');
    const { upsertDevice } = await import('../../main/server/sessions/devices.ts');
    const { findUserByEmail } = await import('../../main/server/accounts/users.ts');
    const user = findUserByEmail(server.services.db, 'nopass@example.com')!;
    const device = upsertDevice(server.services.db, user.id, {}, clock.now());
    const session = await openSession(server.services, {
      user,
      device: { row: device },
      amr: ['otp'],
      aal: 1,
      request: { transport: 'internal', locale: 'en' },
    });
    const caller = as(server, session.tokens.accessToken);
    clock.advance(6 * 60_000);
    await caller.account.me();
    expect((await errorOf(caller.account.setPassword({ newPassword: 'another long passphrase' }))).code).toBe(
      'REAUTH_REQUIRED',
    );
  });

  it('delete needs a recent sign-in, then removes every row of the user and every trace of the email', async () => {
    const test = startServer({}, { file: true });
    const { server, clock } = test;
    await registerUser(server, 'keep@example.com');
    const victim = await registerUser(server, 'gone.user@example.com', { id: 'phone-9', name: 'Phone' });
    await server.caller().auth.refresh({ refreshToken: victim.tokens.refreshToken });
    await errorOf(server.caller().auth.login({ email: 'gone.user@example.com', password: 'wrong password here' }));
    const fresh = await server.caller().auth.login({ email: 'gone.user@example.com', password: PASSWORD });
    if (fresh.requires2fa) throw new Error('no 2fa');
    clock.advance(5 * 60_000 + 1);
    expect((await errorOf(as(server, fresh.tokens.accessToken).account.delete())).code).toBe('REAUTH_REQUIRED');
    const recent = await server.caller().auth.login({ email: 'gone.user@example.com', password: PASSWORD });
    if (recent.requires2fa) throw new Error('no 2fa');
    expect(await as(server, recent.tokens.accessToken).account.delete()).toEqual({ deleted: true });

    const db = server.services.db;
    const userId = victim.user.id;
    for (const { name } of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{
      name: string;
    }>) {
      const columns = (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map((c) => c.name);
      if (columns.includes('user_id')) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${name} WHERE user_id = ?`).get(userId)).toEqual({ n: 0 });
      }
    }
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: recent.tokens.refreshToken }))).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await errorOf(as(server, victim.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    expect(server.services.audit.list({ type: 'account_deleted', limit: 5 })).toMatchObject([{ userId: null }]);
    // secure_delete plus a truncating checkpoint: no copy of the email in the files (R67).
    const path = server.config.database;
    const bytes = Buffer.concat([
      readFileSync(path),
      ...[`${path}-wal`].map((p) => {
        try {
          return readFileSync(p);
        } catch {
          return Buffer.alloc(0);
        }
      }),
    ]);
    expect(bytes.includes('gone.user')).toBe(false);
    expect(bytes.includes('keep@example.com')).toBe(true);
  });
});
