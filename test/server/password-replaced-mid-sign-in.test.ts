// A password sign-in reads the account, then waits for the hash. If the password is reset during
// that wait, the sign-in ends as a wrong password would (INVALID_CREDENTIALS) and opens nothing; and
// the upgrade of an old-parameter hash never writes the old password back over the new one. The
// hasher is real; the test only holds one of its answers back until the reset has committed.
import { describe, expect, it } from 'vitest';
import { createAuthServer, type AuthServer } from '../../main/server/server.ts';
import { lastCode } from '../helpers/email.ts';
import { holdNextHash } from '../helpers/hold.ts';
import { FAST_PASSWORDS, PASSWORD, errorOf, registerUser, startServer } from '../helpers/server.ts';

const EMAIL = 'ada@example.com';
const NEW_PASSWORD = 'violet staircase humming quietly';

async function resetPassword(server: AuthServer): Promise<void> {
  await server.caller().auth.requestPasswordReset({ email: EMAIL });
  await server
    .caller()
    .auth.confirmPasswordReset({ email: EMAIL, code: lastCode(server, EMAIL), newPassword: NEW_PASSWORD });
}

const openSessions = (server: AuthServer) =>
  server.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL').get();

describe('a password reset while a sign-in checks the old password', () => {
  it('the sign-in answers INVALID_CREDENTIALS and opens no session', async () => {
    const { server } = startServer();
    await registerUser(server, EMAIL);
    const held = holdNextHash(server, 'verify', (input) => input === PASSWORD);
    const signIn = server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    await held.hashed;
    await resetPassword(server); // its own sign-in is the one session
    held.release();
    expect((await errorOf(signIn)).code).toBe('INVALID_CREDENTIALS');
    expect(openSessions(server)).toEqual({ n: 1 });
    expect((await errorOf(server.caller().auth.login({ email: EMAIL, password: PASSWORD }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('the upgrade of an old-parameter hash does not write the old password back', async () => {
    const weak = startServer({ password: FAST_PASSWORDS }, { file: true });
    await registerUser(weak.server, EMAIL);
    await weak.server.close();
    const server = createAuthServer({
      database: weak.server.config.database,
      password: { ...FAST_PASSWORDS, memoryKiB: 2048 },
      email: { transport: 'outbox' },
    });
    try {
      const held = holdNextHash(server, 'hash', (input) => input === PASSWORD);
      const signIn = server.caller().auth.login({ email: EMAIL, password: PASSWORD });
      await held.hashed;
      await resetPassword(server);
      held.release();
      expect((await errorOf(signIn)).code).toBe('INVALID_CREDENTIALS');
      expect((await errorOf(server.caller().auth.login({ email: EMAIL, password: PASSWORD }))).code).toBe(
        'INVALID_CREDENTIALS',
      );
      expect((await server.caller().auth.login({ email: EMAIL, password: NEW_PASSWORD })).requires2fa).toBe(false);
      const rehashed = server.services.db.prepare(
        "SELECT count(*) AS n FROM audit_events WHERE type = 'password_rehashed'",
      );
      expect(rehashed.get()).toEqual({ n: 0 }); // the held upgrade wrote nothing
    } finally {
      await server.close();
    }
  });
});
