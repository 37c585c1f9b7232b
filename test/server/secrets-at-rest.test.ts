// No secret is stored or logged in plain form (docs/security.md R12, R29, R48, R68): passwords,
// access and refresh tokens, device trust tokens, private keys. Unknown failures surface as
// INTERNAL with no detail.
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { codeAt, enrollTotp, expectChallenge, expectSignedIn, STEP_MS } from '../helpers/totp.ts';

function everyStoredValue(db: ReturnType<typeof startServer>['server']['services']['db']): string {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables
    .flatMap(({ name }) => db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>)
    .flatMap((row) =>
      Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value))),
    )
    .join('\n');
}

describe('secrets at rest and in logs', () => {
  it('stores no password, token or private key in plain form, and logs none', async () => {
    const { server, logs, clock } = startServer();
    const result = await registerUser(server);
    const refreshed = await server.caller().auth.refresh({ refreshToken: result.tokens.refreshToken });
    await as(server, refreshed.tokens.accessToken).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'another passphrase entirely',
    });
    await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: 'my secret guess 123' }));
    // A device trusted at the second factor, then signing in again with its trust token.
    const { secret } = await enrollTotp(server, refreshed.tokens.accessToken);
    const device = { id: 'laptop' };
    const signIn = (trustToken?: string) =>
      server.caller().auth.login({
        email: 'ada@example.com',
        password: 'another passphrase entirely',
        device: { ...device, trustToken },
      });
    const { token } = expectChallenge(await signIn());
    const trusted = await server.caller().auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret, 1),
      trustDevice: true,
      device,
    });
    const trustToken = trusted.tokens.deviceTrustToken!;
    clock.advance(STEP_MS);
    expectSignedIn(await signIn(trustToken));
    const stored = everyStoredValue(server.services.db);
    const secrets = [
      PASSWORD,
      'another passphrase entirely',
      'my secret guess 123',
      result.tokens.accessToken,
      result.tokens.refreshToken,
      refreshed.tokens.refreshToken,
      result.tokens.idToken,
      trustToken,
      Buffer.from(trustToken, 'base64url').toString('latin1'),
    ];
    for (const secret of secrets) expect(stored.includes(secret)).toBe(false);
    expect(stored).not.toMatch(/"d":"/); // no private JWK in the clear
    const logged = logs.join('\n');
    for (const secret of secrets) expect(logged.includes(secret)).toBe(false);
    expect(logged).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('an unexpected failure answers INTERNAL with no detail, issues no token, and logs no secret', async () => {
    const { server, logs } = startServer();
    await registerUser(server);
    server.services.db.exec('DROP TABLE audit_events');
    const before = server.services.db.prepare('SELECT count(*) AS n FROM sessions').get();
    const error = await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD }));
    expect(error).toEqual({ code: 'INTERNAL', message: 'Something went wrong. Please try again.' });
    expect(server.services.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual(before);
    expect(logs.join('\n')).toContain('procedure failed');
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('does the same when authenticating the call itself fails unexpectedly', async () => {
    const { server, logs } = startServer();
    const { tokens } = await registerUser(server);
    server.services.db.exec('DROP TABLE totp_factors'); // read with the session on every call
    const error = await errorOf(as(server, tokens.accessToken).account.me());
    expect(error).toEqual({ code: 'INTERNAL', message: 'Something went wrong. Please try again.' });
    expect(logs.join('\n')).toContain('procedure failed');
    expect(logs.join('\n')).not.toContain(tokens.accessToken);
  });
});
