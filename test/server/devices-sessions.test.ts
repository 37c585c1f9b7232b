// Devices and sessions (docs/security.md R34, R35, R37): listed with the current one marked, renamed,
// revoked; revocation and disabling act on the very next call.
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';

async function twoDevices() {
  const test = startServer();
  const a = await registerUser(test.server, 'ada@example.com', { id: 'device-a', name: 'Laptop' });
  const b = await test.server.caller({ userAgent: 'Mobile Safari', ipAddress: '192.0.2.7' }).auth.login({
    email: 'ada@example.com',
    password: PASSWORD,
    device: { id: 'device-b', platform: 'ios', name: 'Phone' },
  });
  if (b.requires2fa) throw new Error('no 2fa');
  return { ...test, a, b };
}

describe('devices', () => {
  it('are registered on sign-in, listed newest first with the current one marked', async () => {
    const { server, a, clock } = await twoDevices();
    clock.advance(1000);
    const list = await as(server, a.tokens.accessToken).devices.list();
    expect(list.map((d) => [d.id, d.current])).toEqual([
      ['device-b', false],
      ['device-a', true],
    ]);
    expect(list[0]).toMatchObject({
      platform: 'ios',
      name: 'Phone',
      userAgent: 'Mobile Safari',
      ipAddress: '192.0.2.7',
    });
  });

  it('get a server-assigned id when the client sends none, returned for reuse', async () => {
    const { server } = startServer();
    const result = await registerUser(server);
    expect(result.device.id).toMatch(/^dev_[A-Za-z0-9_-]{22}$/);
    const again = await server
      .caller()
      .auth.login({ email: 'ada@example.com', password: PASSWORD, device: { id: result.device.id } });
    if (again.requires2fa) throw new Error('no 2fa');
    expect(again.device.id).toBe(result.device.id);
    expect(await as(server, again.tokens.accessToken).devices.list()).toHaveLength(1);
  });

  it('rename, and NOT_FOUND for another user’s device', async () => {
    const { server, a } = await twoDevices();
    const other = await registerUser(server, 'bob@example.com', { id: 'device-x' });
    const caller = as(server, a.tokens.accessToken);
    expect(await caller.devices.rename({ id: 'device-b', name: 'Old phone' })).toMatchObject({ name: 'Old phone' });
    expect((await errorOf(caller.devices.rename({ id: 'device-x', name: 'Mine now' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.devices.revoke({ id: 'device-x' }))).code).toBe('NOT_FOUND');
    expect(other.device.name).toBeNull();
  });

  it('revoking a device ends its sessions at once and leaves the others alone', async () => {
    const { server, a, b } = await twoDevices();
    expect(await as(server, a.tokens.accessToken).devices.revoke({ id: 'device-b' })).toEqual({ revokedSessions: 1 });
    expect((await errorOf(as(server, b.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: b.tokens.refreshToken }))).code).toBe(
      'UNAUTHORIZED',
    );
    await expect(as(server, a.tokens.accessToken).account.me()).resolves.toBeDefined();
    expect((await as(server, a.tokens.accessToken).devices.list()).map((d) => d.id)).toEqual(['device-a']);
  });
});

describe('sessions', () => {
  it('list marks the current session; revoke and revokeOthers act at once', async () => {
    const { server, a, b } = await twoDevices();
    const third = await server
      .caller()
      .auth.login({ email: 'ada@example.com', password: PASSWORD, device: { id: 'device-c' } });
    if (third.requires2fa) throw new Error('no 2fa');
    const caller = as(server, a.tokens.accessToken);
    const list = await caller.sessions.list();
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([a.session.id]);
    expect(await caller.sessions.revoke({ id: b.session.id })).toEqual({ revokedSessions: 1 });
    expect((await errorOf(as(server, b.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(caller.sessions.revoke({ id: b.session.id }))).code).toBe('NOT_FOUND');
    expect(await caller.sessions.revokeOthers()).toEqual({ revokedSessions: 1 });
    expect((await caller.sessions.list()).map((s) => s.id)).toEqual([a.session.id]);
  });

  it('logoutAll ends every session of the user, including the caller', async () => {
    const { server, a, b } = await twoDevices();
    expect(await as(server, b.tokens.accessToken).auth.logoutAll()).toEqual({ revokedSessions: 2 });
    for (const token of [a.tokens.accessToken, b.tokens.accessToken]) {
      expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
    }
  });

  it('disabling or banning a user ends their sessions within one request', async () => {
    const { server, a, b } = await twoDevices();
    await server.adminCaller().admin.users.disable({ userId: a.user.id });
    for (const token of [a.tokens.accessToken, b.tokens.accessToken]) {
      expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
    }
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: a.tokens.refreshToken }))).code).toBe(
      'UNAUTHORIZED',
    );
    await server.adminCaller().admin.users.enable({ userId: a.user.id });
    const again = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(again.requires2fa).toBe(false);
  });

  it('emits live account events for sign-in and revocation', async () => {
    const { server } = startServer();
    const events: string[] = [];
    const stop = server.onAccountEvent((event) => events.push(event.kind));
    const result = await registerUser(server);
    await as(server, result.tokens.accessToken).auth.logout();
    stop();
    expect(events).toEqual(['session.created', 'session.revoked']);
  });
});
