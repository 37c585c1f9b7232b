// The app session's API for main-process code: who is signed in, a fresh access token, and a
// change feed; several held accounts (kiosk quick switch); one rotation for concurrent refreshes.
import { describe, expect, it } from 'vitest';
import type { AuthChange } from '../../../main/app-session/app-session.ts';
import { MINUTE } from '../../helpers/email.ts';
import { dataOf, errorCodeOf, startIpc } from '../../helpers/ipc.ts';
import { runCli } from '../../../main/cli/program.ts';
import { as, PASSWORD } from '../../helpers/server.ts';

const account = (email: string, name: string) => ({ email, password: PASSWORD, name });

describe('app session API', () => {
  it('lets go of an account deleted in this process: no user, no token', async () => {
    const ipc = startIpc();
    await ipc.frame().call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    const ada = ipc.session.currentUser()!;
    await ipc.server.adminCaller().admin.users.delete({ userId: ada.id });
    await expect.poll(() => ipc.session.currentUser()).toBeUndefined();
    expect(await ipc.session.accessToken()).toBeUndefined();
  });

  it('lets go of an account another process signed out (the CLI disabling it)', async () => {
    const ipc = startIpc({ file: true });
    await ipc.frame().call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    const quiet = { out: () => {}, err: () => {} };
    const database = ipc.server.config.database;
    expect(await runCli(['node', 'latchkey', 'users', 'disable', 'ada@example.com', '--db', database], quiet)).toBe(0);
    // The CLI's write raises no event here; main notices it by watching the file for other writers.
    await expect.poll(() => ipc.session.currentUser(), { timeout: 5000 }).toBeUndefined();
    expect(await ipc.session.accessToken()).toBeUndefined();
  });

  it('tells main-process code who is signed in and hands it a live access token', async () => {
    const ipc = startIpc();
    const changes: AuthChange[] = [];
    const stop = ipc.session.onAuthChange((change) => changes.push(change));
    expect(ipc.session.currentUser()).toBeUndefined();
    expect(await ipc.session.accessToken()).toBeUndefined();
    await ipc.frame().call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    const token = await ipc.session.accessToken();
    expect((await as(ipc.server, token!).account.me()).email).toBe('ada@example.com');
    ipc.clock.advance(10 * MINUTE);
    const fresh = await ipc.session.accessToken();
    expect(fresh).not.toBe(token);
    await ipc.session.signOut();
    stop();
    expect(changes.map((c) => [c.kind, c.user?.email ?? null])).toEqual([
      ['signed_in', 'ada@example.com'],
      ['refreshed', 'ada@example.com'],
      ['signed_out', null],
    ]);
    expect(errorCodeOf(await ipc.frame().call('query', 'sessions.list'))).toBe('UNAUTHORIZED');
    expect(ipc.server.services.audit.list({ type: 'logout', limit: 5 })).toHaveLength(1);
  });

  it('rotates once for concurrent refreshes', async () => {
    const ipc = startIpc();
    await ipc.frame().call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    ipc.clock.advance(10 * MINUTE);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => ipc.session.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    const used = ipc.server.services.db
      .prepare('SELECT count(*) AS n FROM refresh_tokens WHERE used_at IS NOT NULL')
      .get() as {
      n: number;
    };
    expect(used.n).toBe(1);
  });

  it('holds several accounts and acts as the one the renderer switched to', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    await frame.call('mutation', 'app.detach');
    expect(errorCodeOf(await frame.call('query', 'account.me'))).toBe('UNAUTHORIZED');
    await frame.call('mutation', 'auth.register', account('alan@example.com', 'Alan'));
    expect(dataOf<{ email: string }>(await frame.call('query', 'account.me')).email).toBe('alan@example.com');
    const state = dataOf<{ accounts: Array<{ user: { id: number } }> }>(
      await frame.call('mutation', 'app.switchAccount', { userId: 1 }),
    );
    expect(state.accounts.map((a) => a.user.id)).toEqual([1, 2]);
    expect(dataOf<{ email: string }>(await frame.call('query', 'account.me')).email).toBe('ada@example.com');
    expect(errorCodeOf(await frame.call('mutation', 'app.switchAccount', { userId: 99 }))).toBe('NOT_FOUND');
  });

  it('ends the old session when the same user signs in again', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.call('mutation', 'auth.register', account('ada@example.com', 'Ada'));
    const first = ipc.session.state.accounts[0]!.session.id;
    await frame.call('mutation', 'auth.login', { email: 'ada@example.com', password: PASSWORD });
    await new Promise((resolve) => setImmediate(resolve));
    const sessions = dataOf<Array<{ id: string }>>(await frame.call('query', 'sessions.list'));
    expect(sessions.map((s) => s.id)).not.toContain(first);
    expect(sessions).toHaveLength(1);
  });

  it('offers the dev outbox only in dev mode', async () => {
    const prod = startIpc();
    expect(errorCodeOf(await prod.frame().call('query', 'app.devOutbox'))).toBe('NOT_FOUND');
    const dev = startIpc({ config: { devMode: true } });
    await dev.frame().call('mutation', 'auth.requestEmailCode', { email: 'ada@example.com' });
    const mail = dataOf<Array<{ to: string; code: string }>>(await dev.frame().call('query', 'app.devOutbox'));
    expect(mail[0]).toMatchObject({ to: 'ada@example.com', code: expect.stringMatching(/^\d{6}$/) });
  });
});
