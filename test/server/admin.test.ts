// admin.*: only for admins (or the in-process admin caller), with audit entries for every action.
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';

describe('admin', () => {
  it('is FORBIDDEN to users, UNAUTHORIZED without a token, open to admins', async () => {
    const { server } = startServer();
    const user = await registerUser(server, 'user@example.com');
    expect((await errorOf(as(server, user.tokens.accessToken).admin.users.list())).code).toBe('FORBIDDEN');
    expect((await errorOf(server.caller().admin.users.list())).code).toBe('UNAUTHORIZED');
    // internalAdmin is honoured only for the in-process transport.
    expect((await errorOf(server.caller({ transport: 'http', internalAdmin: true }).admin.users.list())).code).toBe(
      'UNAUTHORIZED',
    );
    await server
      .adminCaller()
      .admin.users.create({ email: 'root@example.com', name: 'Root', password: PASSWORD, role: 'admin' });
    const admin = await server.caller().auth.login({ email: 'root@example.com', password: PASSWORD });
    if (admin.requires2fa) throw new Error('no 2fa');
    const page = await as(server, admin.tokens.accessToken).admin.users.list({ query: 'USER@', limit: 10, offset: 0 });
    expect(page).toMatchObject({ total: 1, users: [{ email: 'user@example.com' }] });
    expect(page.users[0]).not.toHaveProperty('password_hash');
  });

  it('creates, bans, deletes users and lists and revokes sessions, auditing each', async () => {
    const { server } = startServer();
    const admin = server.adminCaller();
    const created = await admin.admin.users.create({
      email: 'kiosk@example.com',
      name: 'Kiosk',
      password: PASSWORD,
      orgId: 'org-1',
      emailVerified: true,
    });
    expect(created).toMatchObject({ orgId: 'org-1', emailVerified: true, hasPassword: true, role: 'user' });
    expect((await errorOf(admin.admin.users.create({ email: 'KIOSK@example.com', name: 'Again' }))).code).toBe(
      'CONFLICT',
    );
    const signedIn = await server.caller().auth.login({ email: 'kiosk@example.com', password: PASSWORD });
    if (signedIn.requires2fa) throw new Error('no 2fa');
    const sessions = await admin.admin.sessions.list({ userId: created.id });
    expect(sessions).toMatchObject([{ id: signedIn.session.id, userId: created.id }]);
    expect(await admin.admin.sessions.revoke({ id: signedIn.session.id })).toEqual({ revokedSessions: 1 });
    expect((await errorOf(as(server, signedIn.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    expect(await admin.admin.users.ban({ userId: created.id, reason: 'fraud' })).toMatchObject({ status: 'banned' });
    expect((await admin.admin.users.list({ status: 'banned', limit: 10, offset: 0 })).total).toBe(1);
    const types = (await admin.admin.audit.list({ userId: created.id, limit: 50 })).map((event) => event.type);
    expect(types).toEqual(['user_banned', 'session_revoked', 'session_created', 'login_succeeded', 'user_created']);
    expect(await admin.admin.users.delete({ userId: created.id })).toEqual({ deleted: true });
    expect((await errorOf(admin.admin.users.get({ userId: created.id }))).code).toBe('NOT_FOUND');
    // Deletion redacts the user from their audit rows (R67, R70) and leaves one anonymous record.
    expect(await admin.admin.audit.list({ userId: created.id, limit: 50 })).toEqual([]);
    expect(await admin.admin.audit.list({ type: 'account_deleted', limit: 5 })).toMatchObject([
      { userId: null, details: { actor: 'admin' } },
    ]);
  });

  it('LIKE wildcards in a search are literal', async () => {
    const { server } = startServer();
    await registerUser(server, 'a_b@example.com');
    await registerUser(server, 'axb@example.com');
    const page = await server.adminCaller().admin.users.list({ query: 'a_b', limit: 10, offset: 0 });
    expect(page.users.map((u) => u.email)).toEqual(['a_b@example.com']);
  });
});
