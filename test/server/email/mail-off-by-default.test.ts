// Outside dev mode, with no mail transport configured, email codes are off: nothing waits in a file
// by default. auth.requestEmailCode answers EMAIL_NOT_CONFIGURED, the server says so once at start,
// and auth.methods tells clients. Dev mode keeps its outbox.
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthServer, type AuthServer } from '../../../main/server/server.ts';
import type { ServerConfigInput } from '../../../main/server/config.ts';
import { formatLogLine, type Logger } from '../../../main/server/logger.ts';
import { FAST_PASSWORDS, PASSWORD, errorOf } from '../../helpers/server.ts';

const servers: AuthServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close().catch(() => {});
});

/** createAuthServer exactly as an embedder calls it: no test defaults added. */
function open(config: ServerConfigInput) {
  const logs: string[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push(formatLogLine(level, message, fields)) };
  const server = createAuthServer({ password: FAST_PASSWORDS, ...config }, { logger });
  servers.push(server);
  return { server, logs, warnings: () => logs.filter((line) => line.startsWith('level=warn')) };
}

describe('mail transport by default', () => {
  it('outside dev mode is none: EMAIL_NOT_CONFIGURED, one warning at start, auth.methods says so', async () => {
    const { server, logs, warnings } = open({});
    expect(server.config.email.transport).toBe('none');
    expect(server.services.mail).toBeUndefined();
    expect(warnings()).toEqual([
      'level=warn msg="email codes are off: no mail transport is configured (set email.transport)"',
    ]);
    const error = await errorOf(server.caller().auth.requestEmailCode({ email: 'ada@example.com' }));
    expect(error).toEqual({ code: 'EMAIL_NOT_CONFIGURED', message: 'Email delivery is not configured.' });
    await errorOf(server.caller().auth.requestEmailCode({ email: 'bob@example.com' }));
    expect(warnings()).toHaveLength(1); // once at start, not per request
    expect(logs.join('\n')).not.toContain('ada@example.com');
    expect(await server.caller().auth.methods()).toEqual({
      password: true,
      emailCode: false,
      totp: true,
      registration: true,
      passwordReset: false,
      deviceSignIn: true,
      magicLink: false,
      passkey: false,
    });
  });

  it('in dev mode is the outbox, with no warning', async () => {
    const { server, warnings } = open({ devMode: true });
    expect(server.config.email.transport).toBe('outbox');
    expect(warnings()).toEqual([]);
    expect((await server.caller().auth.methods()).emailCode).toBe(true);
    await expect(server.caller().auth.requestEmailCode({ email: 'ada@example.com' })).resolves.toMatchObject({
      email: 'ada@example.com',
    });
    expect(server.services.mail!.outbox()[0]!.code).toMatch(/^\d{6}$/);
  });

  it('a transport chosen explicitly is kept and warned about by no one', async () => {
    const outbox = open({ email: { transport: 'outbox' } });
    expect(outbox.server.config.email.transport).toBe('outbox');
    expect((await outbox.server.caller().auth.methods()).emailCode).toBe(true);
    const none = open({ email: { transport: 'none' } });
    expect((await none.server.caller().auth.methods()).emailCode).toBe(false);
    expect([...outbox.warnings(), ...none.warnings()]).toEqual([]);
  });

  it('registration.open false closes auth.register and auth.methods says so', async () => {
    const { server } = open({ registration: { open: false } });
    expect((await server.caller().auth.methods()).registration).toBe(false);
    const error = await errorOf(
      server.caller().auth.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
    );
    expect(error).toEqual({
      code: 'FORBIDDEN',
      reason: 'registration_closed',
      message: 'You are not allowed to do that.',
    });
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
  });
});
