// Recovery codes (R23) and the changes that need the factor itself: regenerating codes, turning
// TOTP off (R21), each audited and reported to the user by mail when mail is set up.
import { describe, expect, it } from 'vitest';
import { as, errorOf } from '../../helpers/server.ts';
import {
  auditTypes,
  codeAt,
  expectChallenge,
  expectSignedIn,
  login,
  wrongCode,
  startWithTotp,
} from '../../helpers/totp.ts';

async function setup() {
  const test = await startWithTotp();
  // Notices go through the real mail service into its outbox; enrollment's own notice is set aside,
  // and so are new-device notices (these sign-ins send no device id, so each is a new device).
  const before = test.server.services.mail!.outbox().length;
  const notices = () =>
    test.server.services
      .mail!.outbox()
      .slice(0, -before || undefined)
      .reverse()
      .filter((notice) => notice.subject !== 'New sign-in to your account');
  return { ...test, notices };
}

const withRecovery = async (server: Awaited<ReturnType<typeof setup>>['server'], recoveryCode: string) => {
  const { token } = expectChallenge(await login(server));
  return server.caller().auth.verifySecondFactor({ challengeToken: token, recoveryCode });
};

describe('recovery codes', () => {
  it('sign in once each, forgivingly typed, audited, counted and reported', async () => {
    const { server, recoveryCodes, notices } = await setup();
    const code = recoveryCodes[3]!;
    const done = await withRecovery(server, ` ${code.toLowerCase().replace('-', ' ')} `);
    expect(done.session).toMatchObject({ amr: ['pwd', 'recovery', 'mfa'], aal: 2 });
    expect(done.user.recoveryCodesRemaining).toBe(9);
    expect((await as(server, done.tokens.accessToken).account.me()).recoveryCodesRemaining).toBe(9);
    expect(auditTypes(server, 'recovery_code_used')).toHaveLength(1);
    expect(notices().map((notice) => notice.subject)).toEqual(['A recovery code was used']);
    expect(notices()[0]!.to).toBe('ada@example.com');
    expect(notices()[0]!.text).not.toContain(code);

    expect(await errorOf(withRecovery(server, code))).toMatchObject({
      code: 'TOTP_INVALID',
      reason: 'recovery_code_invalid',
    });
  });

  it('are stored as salted argon2id hashes, never as the codes', async () => {
    const { server, recoveryCodes } = await setup();
    const rows = server.services.db.prepare('SELECT code_hash FROM recovery_codes').all() as Array<{
      code_hash: string;
    }>;
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.code_hash.split('$')[4])).size).toBe(10);
    const dump = JSON.stringify(rows);
    for (const row of rows) expect(row.code_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
  });

  it('regenerate for a current TOTP code, voiding the old set', async () => {
    const { server, secret, recoveryCodes, accessToken, notices } = await setup();
    const me = as(server, accessToken);
    expect((await errorOf(me.totp.regenerateRecoveryCodes({ code: await wrongCode(server, secret) }))).code).toBe(
      'TOTP_INVALID',
    );
    const { recoveryCodes: fresh } = await me.totp.regenerateRecoveryCodes({ code: await codeAt(server, secret, 1) });
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect((await errorOf(withRecovery(server, recoveryCodes[0]!))).code).toBe('TOTP_INVALID');
    expectSignedIn(await withRecovery(server, fresh[0]!));
    expect(auditTypes(server, 'recovery_codes_regenerated')).toHaveLength(1);
    expect(notices().map((notice) => notice.subject)).toContain('New recovery codes');
  });

  it('regenerate needs a recent sign-in, as turning TOTP off does', async () => {
    const { server, clock, secret, recoveryCodes, accessToken } = await setup();
    clock.advance(301_000);
    const stale = as(server, accessToken).totp.regenerateRecoveryCodes({ code: await codeAt(server, secret) });
    expect((await errorOf(stale)).code).toBe('REAUTH_REQUIRED');
    expect(auditTypes(server, 'recovery_codes_regenerated')).toHaveLength(0);
    expectSignedIn(await withRecovery(server, recoveryCodes[0]!)); // the old set still works
  });
});

describe('totp.disable', () => {
  it('needs a recent sign-in and a current code, then removes everything and tells the user', async () => {
    const { server, clock, secret, accessToken, notices } = await setup();
    const me = as(server, accessToken);
    const disable = me.totp.disable as (input?: unknown) => Promise<unknown>;
    expect((await errorOf(disable({}))).code).toBe('VALIDATION_ERROR');
    expect((await errorOf(disable(undefined))).code).toBe('VALIDATION_ERROR');
    expect((await errorOf(me.totp.disable({ code: await wrongCode(server, secret) }))).code).toBe('TOTP_INVALID');

    clock.advance(301_000);
    expect((await errorOf(me.totp.disable({ code: await codeAt(server, secret) }))).code).toBe('REAUTH_REQUIRED');

    const fresh = expectSignedIn(await login(server, undefined, { totpCode: await codeAt(server, secret) }));
    const again = as(server, fresh.tokens.accessToken);
    expect(await again.totp.disable({ code: await codeAt(server, secret, 1) })).toEqual({ disabled: true });

    const profile = await again.account.me();
    expect(profile.totpEnabled).toBe(false);
    expect(profile).not.toHaveProperty('recoveryCodesRemaining');
    const { db } = server.services;
    expect(db.prepare('SELECT count(*) AS n FROM totp_factors').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM recovery_codes').get()).toEqual({ n: 0 });
    expect(auditTypes(server, 'totp_disabled')).toHaveLength(1);
    expect(notices().map((notice) => notice.subject)).toEqual(['Two-step sign-in is off']);
    expectSignedIn(await login(server));
    expect((await errorOf(again.totp.disable({ code: '123456' }))).code).toBe('NOT_FOUND');
  });

  it('accepts a recovery code instead, and works without a mail service', async () => {
    const { server, recoveryCodes, accessToken } = await setup();
    server.services.mail = undefined;
    expect(await as(server, accessToken).totp.disable({ recoveryCode: recoveryCodes[0]! })).toEqual({ disabled: true });
    expectSignedIn(await login(server));
  });
});
