// A reported account is held until an admin unlocks it (docs/security.md, "This was not me"): no
// way in opens a session, whatever was already out when the report came: a sign-in link mailed to
// the hijacker's address, a kiosk code approved from a session since ended, a passkey the hijacker
// added. No success elsewhere lifts the hold, and each refusal leaves the hold and no session.
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../../main/server/server.ts';
import { completeSignIn } from '../../main/server/sessions/sign-in.ts';
import { unlockKeys } from '../../main/server/security/unlock-keys.ts';
import { findUserById } from '../../main/server/accounts/users.ts';
import { PASSWORD, as, errorOf, registerUser } from '../helpers/server.ts';
import { lastCode, lastMail } from '../helpers/email.ts';
import { lastToken } from '../helpers/magic-link.ts';
import { auditTypes, startWithTotp, trustFrom } from '../helpers/totp.ts';
import { signInWith, startPasskeyServer, userWithPasskey } from './passkeys/helpers.ts';

const HIJACKER = 'mallory@example.com';
const MINUTE = 60_000;

/** The hijacker moves the account to their own address; the owner reports it from the notice. */
async function hijackAndReport(server: AuthServer, accessToken: string, beforeReport?: () => Promise<void>) {
  const caller = as(server, accessToken);
  await caller.account.requestEmailChange({ newEmail: HIJACKER });
  await caller.account.confirmEmailChange({ code: lastCode(server, HIJACKER) });
  const report = /([A-Za-z0-9_-]{43})/.exec(lastMail(server, 'ada@example.com')!.text)![1]!;
  await beforeReport?.();
  expect(await server.caller().auth.reportEmailChange({ token: report })).toEqual({ locked: true });
}

const sessionCount = (server: AuthServer): number =>
  (server.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL').get() as { n: number }).n;

const heldKeys = (server: AuthServer): string[] =>
  (
    server.services.db
      .prepare('SELECT key FROM throttles WHERE locked_until = ? ORDER BY key')
      .all(Number.MAX_SAFE_INTEGER) as Array<{ key: string }>
  ).map((row) => row.key);

describe('a reported account is held against everything already out', () => {
  it('a sign-in link mailed before the report is spent by it, and a live one on a held account signs no one in', async () => {
    const { server, clock } = startPasskeyServer();
    const { tokens, user } = await registerUser(server);
    await hijackAndReport(server, tokens.accessToken, async () => {
      clock.advance(2 * MINUTE);
      await server.caller().auth.requestMagicLink({ email: HIJACKER });
    });
    const mailed = lastToken(server, HIJACKER);
    expect((await errorOf(server.caller().auth.verifyMagicLink({ token: mailed }))).code).toBe('CODE_INVALID');
    // No new one is mailed while held.
    clock.advance(2 * MINUTE);
    expect((await errorOf(server.caller().auth.requestMagicLink({ email: HIJACKER }))).code).toBe('RATE_LIMITED');

    // A link that did survive (held some other way): spent, refused, audited; the hold stands.
    server.services.throttle.unlock(unlockKeys(findUserById(server.services.db, user.id)!));
    clock.advance(2 * MINUTE);
    await server.caller().auth.requestMagicLink({ email: HIJACKER });
    const live = lastToken(server, HIJACKER);
    server.services.throttle.hold(unlockKeys(findUserById(server.services.db, user.id)!));
    expect(await errorOf(server.caller().auth.verifyMagicLink({ token: live }))).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'locked',
      retryAfter: server.services.config.lockout.maxDelaySeconds,
    });
    const refusals = server.services.db
      .prepare("SELECT details FROM audit_events WHERE type = 'magic_link_refused' ORDER BY id")
      .all() as Array<{ details: string }>;
    expect(refusals.map((row) => (JSON.parse(row.details) as { reason: string }).reason)).toEqual(['missing', 'held']);
    expect((await errorOf(server.caller().auth.verifyMagicLink({ token: live }))).code).toBe('CODE_INVALID');
    expect(sessionCount(server)).toBe(0);
    expect(heldKeys(server)).toEqual([`2fa:${user.id}`, `acct:${HIJACKER}`, `email-code:${HIJACKER}`]);
    expect((await errorOf(server.caller().auth.login({ email: HIJACKER, password: PASSWORD }))).code).toBe(
      'RATE_LIMITED',
    );
  });

  it('its wait counts down like an ordinary lock, then starts a new run: probes minutes apart tell nothing', async () => {
    const { server, clock } = startPasskeyServer();
    const { tokens } = await registerUser(server);
    await hijackAndReport(server, tokens.accessToken);
    const run = server.services.config.lockout.maxDelaySeconds;
    const waits = async () =>
      [
        (await errorOf(server.caller().auth.login({ email: HIJACKER, password: 'a wrong password' }))).retryAfter,
        (await errorOf(server.caller().auth.requestEmailCode({ email: HIJACKER }))).retryAfter,
      ] as const;
    expect(await waits()).toEqual([run, run]);
    clock.advance(10 * MINUTE);
    expect(await waits()).toEqual([run - 600, run - 600]);
    clock.advance(run * 1000 - 10 * MINUTE + 1000); // one second into the next run
    expect(await waits()).toEqual([run - 1, run - 1]);
  });

  it("a passkey (the hijacker's, say) signs in no more until an admin unlock", async () => {
    const { server } = startPasskeyServer();
    const { authenticator, accessToken, signedIn } = await userWithPasskey(server);
    await hijackAndReport(server, accessToken);
    expect(await errorOf(signInWith(server, authenticator))).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'locked',
      retryAfter: server.services.config.lockout.maxDelaySeconds,
    });
    expect(auditTypes(server, 'passkey_refused')).toEqual(['passkey_refused']);
    expect(sessionCount(server)).toBe(0);
    expect(heldKeys(server)).toHaveLength(3);

    await server.adminCaller().admin.users.unlock({ userId: signedIn.user.id });
    expect((await signInWith(server, authenticator)).requires2fa).toBe(false);
  });

  it('a kiosk code approved before the report gets ACCESS_DENIED at its next poll, and no session', async () => {
    const { server } = startPasskeyServer();
    const { tokens } = await registerUser(server);
    const kiosk = { device: { id: 'kiosk-1', name: 'Lobby kiosk' } };
    const started = await server.caller().auth.startDeviceSignIn(kiosk);
    await hijackAndReport(server, tokens.accessToken, async () => {
      await as(server, tokens.accessToken).devices.approveSignIn({ userCode: started.userCode });
    });
    const withdrawn = await errorOf(server.caller().auth.pollDeviceSignIn({ deviceCode: started.deviceCode }));
    // Withdrawn, not denied; the kiosk is not told that the account was reported.
    expect([withdrawn.code, withdrawn.reason]).toEqual(['ACCESS_DENIED', 'approval_withdrawn']);
    expect(sessionCount(server)).toBe(0);
    // The code is spent.
    expect((await errorOf(server.caller().auth.pollDeviceSignIn({ deviceCode: started.deviceCode }))).code).toBe(
      'EXPIRED_TOKEN',
    );
  });

  it('forgets every device trust: a device the hijacker trusted would skip the second factor after the unlock', async () => {
    const { server, secret, accessToken } = await startWithTotp();
    const trusted = await trustFrom(server, secret, 'ada@example.com', 'laptop');
    expect(trusted.device.trustedUntil).not.toBeNull();
    await hijackAndReport(server, accessToken);
    const trustedRows = server.services.db
      .prepare('SELECT count(*) AS n FROM devices WHERE trusted_until IS NOT NULL OR trust_token_hash IS NOT NULL')
      .get();
    expect(trustedRows).toEqual({ n: 0 });
  });

  it('whatever the path, opening a session for a held account writes nothing and answers the locked error', async () => {
    const { server } = startPasskeyServer();
    const { tokens, user } = await registerUser(server);
    await hijackAndReport(server, tokens.accessToken);
    const auditRows = auditTypes(server).length;
    const held = findUserById(server.services.db, user.id)!;
    const request = { transport: 'ipc' as const, locale: 'en' as const };
    const signIn = { user: held, sighting: { id: 'kiosk-1' }, amr: ['pwd'], request, streakKeys: [`acct:${HIJACKER}`] };
    expect(await errorOf(completeSignIn(server.services, signIn))).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'locked',
    });
    expect(sessionCount(server)).toBe(0);
    expect(auditTypes(server)).toHaveLength(auditRows);
    expect(heldKeys(server)).toHaveLength(3);
  });
});
