// The renderer never receives a refresh token (docs/security.md R54): every payload main
// sends during sign-in by email code → calls → automatic and explicit refresh → sign-out is
// captured, and none carries a refresh, access or id token, or any JWT at all. The contract
// (shared/bridge.ts, MAIN_HELD_TOKEN_FIELDS) leaves the screens no token of any kind: main holds
// the id token too, and the screens read the user from the sign-in result and app.state. Nor does
// it receive a device trust token: main keeps it and presents it when the account signs in again.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AppSessionState } from '../../../main/app-session/app-session.ts';
import { fileRememberedStore } from '../../../main/app-session/remembered-store.ts';
import type * as RefreshTokens from '../../../main/server/sessions/refresh-tokens.ts';
import type { AuthResult, SignInResult } from '../../../shared/types.ts';
import { lastCode, MINUTE } from '../../helpers/email.ts';
import { dataOf, errorCodeOf, INSTALLATION_ID, startIpc } from '../../helpers/ipc.ts';
import { fakeOsCrypto } from '../../helpers/os-crypto.ts';
import { PASSWORD, registerUser, tempDir } from '../../helpers/server.ts';
import { codeAt, enrollTotp, expectChallenge, expectSignedIn, STEP_MS } from '../../helpers/totp.ts';

const EMAIL = 'grace@example.com';
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

// Every refresh token the server issues in this file, however it was reached (IPC, main's own
// refresh, restoring remembered sign-ins).
const issuedRefreshTokens = vi.hoisted(() => [] as string[]);
vi.mock('../../../main/server/sessions/refresh-tokens.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof RefreshTokens>();
  return {
    ...actual,
    issueRefreshToken: (...args: Parameters<typeof actual.issueRefreshToken>) => {
      const issued = actual.issueRefreshToken(...args);
      issuedRefreshTokens.push(issued.token);
      return issued;
    },
  };
});

/** Fails on any payload that carries a token field, a JWT or one of the refresh tokens issued. */
function expectNoTokens(payloads: string[]): void {
  expect(issuedRefreshTokens.length).toBeGreaterThan(0);
  for (const payload of payloads) {
    for (const token of issuedRefreshTokens) expect(payload).not.toContain(token);
    expect(payload).not.toMatch(/"(refreshToken|accessToken|idToken)"/);
    expect(payload).not.toMatch(JWT);
  }
}

describe('tokens stay in main', () => {
  it('sign-in → refresh → sign-out sends the renderer no token, ever', async () => {
    const ipc = startIpc();
    const issued: AuthResult[] = [];
    const adopt = ipc.session.adopt.bind(ipc.session);
    vi.spyOn(ipc.session, 'adopt').mockImplementation((result) => {
      issued.push(result);
      adopt(result);
    });
    const refresh = ipc.session.refresh.bind(ipc.session);
    vi.spyOn(ipc.session, 'refresh').mockImplementation(async (userId) => {
      const result = await refresh(userId);
      if (result) issued.push(result);
      return result;
    });
    const frame = ipc.frame();
    const changes = await frame.subscribe('app.changes');

    // Sign in by email code.
    dataOf(await frame.call('mutation', 'auth.requestEmailCode', { email: EMAIL }));
    const signedIn = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.verifyEmailCode', { email: EMAIL, code: lastCode(ipc.server, EMAIL) }),
    );
    expect(signedIn.user.email).toBe(EMAIL);
    expect(signedIn.tokens).not.toHaveProperty('refreshToken');
    expect(signedIn.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });

    // Main authenticates the renderer's calls with the token it holds.
    expect(dataOf<{ email: string }>(await frame.call('query', 'account.me')).email).toBe(EMAIL);
    dataOf(await frame.call('mutation', 'account.updateName', { name: 'Grace Hopper' }));

    // The access token expires: main refreshes on the renderer's behalf before the next call.
    ipc.clock.advance(11 * MINUTE);
    expect(dataOf<{ name: string }>(await frame.call('query', 'account.me')).name).toBe('Grace Hopper');
    // An explicit refresh from the renderer uses main's token, whatever the renderer sends.
    const refreshed = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.refresh', { refreshToken: 'renderer-has-none' }),
    );
    expect(refreshed.user.email).toBe(EMAIL);
    expect(dataOf(await frame.call('query', 'sessions.list'))).toHaveLength(1);

    // Sign out.
    dataOf(await frame.call('mutation', 'auth.logout'));
    expect(errorCodeOf(await frame.call('query', 'account.me'))).toBe('UNAUTHORIZED');
    await changes.stop();

    expect(issued.length).toBeGreaterThanOrEqual(3); // sign-in, automatic refresh, explicit refresh
    const secrets = issued.flatMap((r) => [r.tokens.refreshToken, r.tokens.accessToken, r.tokens.idToken]);
    const payloads = ipc.sent.map((s) => JSON.stringify(s.message));
    expect(payloads.length).toBeGreaterThan(10);
    for (const payload of payloads) {
      for (const secret of secrets) expect(payload).not.toContain(secret);
    }
    expectNoTokens(payloads);
  });

  it('strips tokens from password sign-in and from the second-factor step', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const registered = await registerUser(ipc.server);
    const { secret } = await enrollTotp(ipc.server, registered.tokens.accessToken);
    ipc.clock.advance(STEP_MS);
    const login = { email: 'ada@example.com', password: PASSWORD };
    const challenge = dataOf<SignInResult>(await frame.call('mutation', 'auth.login', login));
    expect(ipc.session.currentUser()).toBeUndefined();
    const result = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.verifySecondFactor', {
        challengeToken: expectChallenge(challenge).token,
        code: await codeAt(ipc.server, secret),
      }),
    );
    expect(result.user.email).toBe('ada@example.com');
    expect(ipc.session.currentUser()?.email).toBe('ada@example.com');
    const payloads = ipc.sent.map((s) => JSON.stringify(s.message)).join('\n');
    expect(payloads).not.toMatch(/"(refreshToken|accessToken|idToken)"/);
    expect(payloads).not.toMatch(JWT);
  });

  it('keeps the device trust token in main, which presents it at the next sign-in', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    const issued: AuthResult[] = [];
    const adopt = ipc.session.adopt.bind(ipc.session);
    vi.spyOn(ipc.session, 'adopt').mockImplementation((result) => {
      issued.push(result);
      adopt(result);
    });
    const registered = await registerUser(ipc.server);
    const { secret } = await enrollTotp(ipc.server, registered.tokens.accessToken);
    ipc.clock.advance(STEP_MS);
    const login = { email: 'ada@example.com', password: PASSWORD };
    const challenge = dataOf<SignInResult>(await frame.call('mutation', 'auth.login', login));
    const trusted = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.verifySecondFactor', {
        challengeToken: expectChallenge(challenge).token,
        code: await codeAt(ipc.server, secret),
        trustDevice: true,
      }),
    );
    expect(trusted.device).toMatchObject({ id: INSTALLATION_ID, trustedUntil: expect.any(String) });
    expect(trusted.tokens).not.toHaveProperty('deviceTrustToken');
    const trustToken = issued[0]!.tokens.deviceTrustToken!;
    expect(trustToken).toMatch(/^[\w-]{43}$/);
    expect(ipc.session.deviceTrustToken(registered.user.id)).toBe(trustToken);

    // Signed out and in again: main presents the token, so the second factor is skipped.
    dataOf(await frame.call('mutation', 'app.signOut'));
    const again = dataOf<SignInResult>(await frame.call('mutation', 'auth.login', login));
    expect(again).toMatchObject({ requires2fa: false, session: { amr: ['pwd'], aal: 1 } });
    dataOf(await frame.call('query', 'app.state'));

    const payloads = ipc.sent.map((s) => JSON.stringify(s.message)).join('\n');
    expect(payloads).not.toContain(trustToken);
    expect(payloads).not.toMatch(/"deviceTrustToken"/);
    // This machine's installation id alone, presented by anyone else, still meets the challenge.
    const elsewhere = await ipc.server.caller().auth.login({ ...login, device: { id: INSTALLATION_ID } });
    expectChallenge(elsewhere);
    // With the token (which only main holds) the same id skips: the challenge was for want of it.
    expectSignedIn(await ipc.server.caller().auth.login({ ...login, device: { id: INSTALLATION_ID, trustToken } }));
  });

  it('ends the app session when the session is revoked elsewhere', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    await frame.call('mutation', 'auth.requestEmailCode', { email: EMAIL });
    await frame.call('mutation', 'auth.verifyEmailCode', { email: EMAIL, code: lastCode(ipc.server, EMAIL) });
    const changes: string[] = [];
    ipc.session.onAuthChange((change) => changes.push(change.kind));
    await ipc.server.adminCaller().admin.sessions.revoke({ id: ipc.session.state.accounts[0]!.session.id });
    expect(changes).toEqual(['session_ended']);
    expect(ipc.session.currentUser()).toBeUndefined();
    expect(errorCodeOf(await frame.call('mutation', 'auth.refresh', { refreshToken: 'x' }))).toBe('UNAUTHORIZED');
  });

  it('remember me, account switching, a restart that restores remembered sign-ins and app.signOut send no token', async () => {
    const path = join(tempDir(), 'remembered.bin');
    const first = startIpc({ file: true, store: fileRememberedStore(path, fakeOsCrypto({ backend: 'kwallet6' })) });
    const frame = first.frame();
    const changes = await frame.subscribe('app.changes');
    const before = issuedRefreshTokens.length;

    // The sign-in screen's remember-me box, then Grace signs in by email code.
    dataOf(await frame.call('mutation', 'app.setRememberMe', { remember: true }));
    dataOf(await frame.call('mutation', 'auth.requestEmailCode', { email: EMAIL }));
    const grace = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.verifyEmailCode', { email: EMAIL, code: lastCode(first.server, EMAIL) }),
    ).user;
    // Kiosk "add account": Ada signs up beside her.
    dataOf(await frame.call('mutation', 'app.detach'));
    const ada = dataOf<AuthResult>(
      await frame.call('mutation', 'auth.register', { email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
    ).user;
    // Quick switch, remember-me turned off and on for the active account, and back.
    dataOf(await frame.call('mutation', 'app.switchAccount', { userId: grace.id }));
    dataOf(await frame.call('mutation', 'app.setRememberMe', { remember: false }));
    expect(existsSync(path)).toBe(true); // Ada is still remembered
    dataOf(await frame.call('mutation', 'app.setRememberMe', { remember: true }));
    dataOf(await frame.call('mutation', 'app.switchAccount', { userId: ada.id }));
    // Tokens expire: main refreshes for the renderer, implicitly and when asked.
    first.clock.advance(11 * MINUTE);
    expect(dataOf<{ email: string }>(await frame.call('query', 'account.me')).email).toBe('ada@example.com');
    dataOf(await frame.call('mutation', 'auth.refresh', { refreshToken: 'renderer-has-none' }));
    await changes.stop();

    // The app restarts: both remembered sign-ins come back (each token rotating), Ada active.
    const second = await first.restartApp();
    await second.session.restore();
    const again = second.frame();
    const changesAgain = await again.subscribe('app.changes');
    const restored = dataOf<AppSessionState>(await again.call('query', 'app.state'));
    expect(restored.activeUserId).toBe(ada.id);
    expect(restored.accounts.map((account) => [account.user.email, account.remembered]).sort()).toEqual([
      ['ada@example.com', true],
      [EMAIL, true],
    ]);
    expect(dataOf<{ email: string }>(await again.call('query', 'account.me')).email).toBe('ada@example.com');
    dataOf(await again.call('mutation', 'app.switchAccount', { userId: grace.id }));
    expect(dataOf<{ email: string }>(await again.call('query', 'account.me')).email).toBe(EMAIL);

    // app.signOut, as the screens sign out: each account in turn; nothing stays remembered.
    expect(dataOf<AppSessionState>(await again.call('mutation', 'app.signOut')).activeUserId).toBeNull();
    dataOf(await again.call('mutation', 'app.switchAccount', { userId: ada.id }));
    expect(dataOf<AppSessionState>(await again.call('mutation', 'app.signOut')).accounts).toEqual([]);
    expect(errorCodeOf(await again.call('query', 'account.me'))).toBe('UNAUTHORIZED');
    expect(existsSync(path)).toBe(false);
    await changesAgain.stop();

    // Sign-ins (2), refreshes (at least 1, the explicit one rotates again), restores (2).
    expect(issuedRefreshTokens.length - before).toBeGreaterThanOrEqual(5);
    expect(changes.replies().length + changesAgain.replies().length).toBeGreaterThan(10);
    const payloads = [...first.sent, ...second.sent].map((s) => JSON.stringify(s.message));
    expect(payloads.length).toBeGreaterThan(30);
    expectNoTokens(payloads);
  });
});
