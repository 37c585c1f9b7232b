// The IPC adapter under Node, with Electron-shaped events (docs/security.md R53): a message from a
// foreign origin, a subframe, an unknown window or a vanished frame never reaches the router, is
// answered FORBIDDEN and is audited; trusted messages carry queries, mutations and subscriptions.
import { describe, expect, it } from 'vitest';
import { auditTypes } from '../../helpers/totp.ts';
import { dataOf, errorCodeOf, settle, startIpc, type FrameSpec } from '../../helpers/ipc.ts';
import { PASSWORD } from '../../helpers/server.ts';

const register = { email: 'ada@example.com', password: PASSWORD, name: 'Ada Lovelace' };

function userCount(ipc: ReturnType<typeof startIpc>): number {
  return (ipc.server.services.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

describe('IPC sender validation', () => {
  it.each<[string, FrameSpec, string]>([
    ['a foreign origin', { url: 'https://evil.test/index.html' }, 'foreign_origin'],
    ['a look-alike origin', { url: 'app://latchkey.evil.test/index.html' }, 'foreign_origin'],
    ['credentials in the URL', { url: 'app://user:pw@latchkey/index.html' }, 'foreign_origin'],
    ['a file URL', { url: 'file:///etc/passwd' }, 'foreign_origin'],
    ['a subframe of the app', { subframe: true }, 'subframe'],
    ['an unknown window', { webContentsId: 99 }, 'unknown_window'],
    ['a frame that is gone', { noFrame: true }, 'no_frame'],
  ])('refuses %s: FORBIDDEN, audited, router untouched', async (_name, spec, reason) => {
    const ipc = startIpc();
    const answer = await ipc.frame(spec).call('mutation', 'auth.register', register);
    expect(errorCodeOf(answer)).toBe('FORBIDDEN');
    expect(userCount(ipc)).toBe(0);
    const [event] = ipc.server.services.audit.list({ type: 'ipc_message_rejected', limit: 5 });
    expect(event).toMatchObject({ transport: 'ipc', details: { reason } });
    expect(JSON.stringify(event)).not.toContain('index.html');
  });

  it('audits refusals up to a cap per window, so a flood cannot grow the audit table without bound', async () => {
    const ipc = startIpc();
    const foreign = ipc.frame({ url: 'https://evil.test/' });
    for (let i = 0; i < 120; i++) await foreign.post({ id: i, method: 'query', params: { path: 'keys.jwks' } });
    expect(auditTypes(ipc.server, 'ipc_message_rejected')).toHaveLength(100);
    expect(ipc.sent.filter((s) => errorCodeOf(s.message) === 'FORBIDDEN')).toHaveLength(120);
    expect(ipc.logs.filter((line) => line.includes('no longer audited'))).toHaveLength(1);
  });

  it('still answers a refused message, and never rejects, when auditing the refusal fails', async () => {
    const ipc = startIpc();
    ipc.server.services.audit.record = () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    const foreign = ipc.frame({ url: 'https://evil.test/' });
    await expect(foreign.post({ id: 1, method: 'query', params: { path: 'app.state' } })).resolves.toBeUndefined();
    expect(ipc.sent.map((s) => errorCodeOf(s.message))).toEqual(['FORBIDDEN']);
  });

  it('refuses a subscription from a subframe before it starts', async () => {
    const ipc = startIpc();
    const sub = await ipc.frame({ subframe: true }).subscribe('app.changes');
    expect(sub.replies().map(errorCodeOf)).toEqual(['FORBIDDEN']);
    expect(ipc.ipc.openSubscriptions).toBe(0);
  });

  it('answers a malformed message VALIDATION_ERROR and audits it', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.post({ id: 7, method: 'invoke', params: { path: 'auth.register' } });
    await frame.post({ id: 8, method: 'query', params: { path: '../x' } });
    await frame.post('not an object');
    const answers = ipc.sent.map((s) => s.message);
    expect(answers.map(errorCodeOf)).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(auditTypes(ipc.server, 'ipc_message_rejected')).toHaveLength(3);
  });

  it('accepts the app window again after a refused message', async () => {
    const ipc = startIpc();
    await ipc.frame({ url: 'https://evil.test/' }).call('mutation', 'auth.register', register);
    const answer = await ipc.frame().call('mutation', 'auth.register', register);
    expect(dataOf<{ user: { id: number } }>(answer).user.id).toBe(1);
  });
});

describe('IPC calls', () => {
  it('carries a query and a mutation, authenticating with the token main holds', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const signedIn = dataOf<{ user: { email: string } }>(await frame.call('mutation', 'auth.register', register));
    expect(signedIn.user.email).toBe('ada@example.com');
    const jwks = dataOf<{ keys: unknown[] }>(await frame.call('query', 'keys.jwks'));
    expect(jwks.keys.length).toBeGreaterThan(0);
    const me = dataOf<{ email: string }>(await frame.call('query', 'account.me'));
    expect(me.email).toBe('ada@example.com');
  });

  it('uses main’s machine identity as the device, whatever the renderer sends', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const result = dataOf<{ device: { id: string; platform: string; name: string } }>(
      await frame.call('mutation', 'auth.register', {
        ...register,
        device: { id: 'renderer-chosen', platform: 'ios', name: 'Not this machine' },
      }),
    );
    expect(result.device).toMatchObject({ id: 'ins_testmachine0000000001', platform: 'linux', name: 'kiosk-7' });
    const [session] = ipc.server.services.audit.list({ type: 'session_created', limit: 1 });
    expect(session).toMatchObject({ transport: 'ipc', deviceId: 'ins_testmachine0000000001' });
  });

  it('answers errors as data with the contract code, in the caller’s language', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const unauth = await frame.call('query', 'account.me', undefined, 'zh-CN');
    expect(errorCodeOf(unauth)).toBe('UNAUTHORIZED');
    // tRPC's own error shape, as its HTTP endpoint sends it: JSON-RPC code, status, path, contract error.
    expect('error' in unauth && unauth.error).toEqual({
      message: '请重新登录。',
      code: -32001,
      data: {
        code: 'UNAUTHORIZED',
        httpStatus: 401,
        path: 'account.me',
        error: { code: 'UNAUTHORIZED', message: '请重新登录。' },
      },
    });
    expect(errorCodeOf(await frame.call('query', 'auth.nothing'))).toBe('NOT_FOUND');
    expect(errorCodeOf(await frame.call('query', 'auth.register', register))).toBe('NOT_FOUND');
    const invalid = await frame.call('mutation', 'auth.register', { ...register, role: 'admin' });
    expect(errorCodeOf(invalid)).toBe('VALIDATION_ERROR');
  });

  it('round-trips a subscription: started, data on every change, stopped on request', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const sub = await frame.subscribe('app.changes');
    await settle();
    await frame.call('mutation', 'auth.register', register);
    await settle();
    await frame.call('mutation', 'app.detach');
    await settle();
    await sub.stop();
    await settle();
    const replies = sub.replies();
    expect(replies.map((r) => ('result' in r ? r.result.type : 'error'))).toEqual([
      'started',
      'data',
      'data',
      'data',
      'stopped',
    ]);
    const states = replies.flatMap((r) => ('result' in r && r.result.type === 'data' ? [r.result.data] : []));
    expect(states.map((s) => (s as { activeUserId: number | null }).activeUserId)).toEqual([null, 1, null]);
    expect(ipc.ipc.openSubscriptions).toBe(0);
  });

  it('ends a window’s subscriptions when it navigates or closes', async () => {
    const ipc = startIpc();
    const sub = await ipc.frame().subscribe('app.changes');
    await settle();
    expect(ipc.ipc.openSubscriptions).toBe(1);
    ipc.ipc.releaseSender(1);
    await settle();
    expect(sub.replies().at(-1)).toEqual({ id: sub.id, result: { type: 'stopped' } });
    expect(ipc.ipc.openSubscriptions).toBe(0);
  });

  it('refuses a second subscription with the same id', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.post({ id: 5, method: 'subscription', params: { path: 'app.changes' } });
    await frame.post({ id: 5, method: 'subscription', params: { path: 'app.changes' } });
    await settle();
    expect(ipc.ipc.openSubscriptions).toBe(1);
    expect(ipc.sent.map((s) => errorCodeOf(s.message)).filter(Boolean)).toEqual(['VALIDATION_ERROR']);
    ipc.ipc.releaseSender(1);
  });

  it('pushes live events of the active account', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.call('mutation', 'auth.register', register);
    await frame.call('mutation', 'auth.logout');
    const events = ipc.sent.flatMap((s) => ('event' in s.message ? [s.message.event.type] : []));
    expect(events).toContain('session.revoked');
  });
});
