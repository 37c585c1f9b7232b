// Two processes on one database share its signing keys: a rotation by one (`latchkey keys rotate`
// while the app serves) reaches the other without a restart — its next tokens carry the new kid,
// and it verifies the other's tokens signed with it at once (docs/security.md R26).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/program.ts';
import { ManualClock } from '../../main/server/clock.ts';
import { createAuthServer } from '../../main/server/server.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { signCompactJws } from '../../main/server/tokens/compact-jws.ts';
import { FAST_PASSWORDS, PASSWORD, as, errorOf, registerUser, tempDir } from '../helpers/server.ts';
import { expectSignedIn, jwtClaims } from '../helpers/totp.ts';

const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

const signIn = async (server: AuthServer) =>
  expectSignedIn(await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD }));

/** Two servers on one database file and one clock: a running app and another process. */
async function withTwoServers(run: (one: AuthServer, two: AuthServer, clock: ManualClock) => Promise<void>) {
  const database = join(tempDir(), 'auth.db');
  const clock = new ManualClock();
  const one = createAuthServer({ database, password: FAST_PASSWORDS }, { clock });
  const two = createAuthServer({ database, password: FAST_PASSWORDS }, { clock });
  try {
    await run(one, two, clock);
  } finally {
    await one.close();
    await two.close();
  }
}

describe('signing keys shared by two servers on one file', () => {
  it('a rotation by the CLI reaches the running server: its next token carries the new kid', async () => {
    const database = join(tempDir(), 'auth.db');
    const clock = new ManualClock(Date.now());
    const running = createAuthServer({ database, password: FAST_PASSWORDS }, { clock });
    try {
      const before = await registerUser(running);
      const oldKid = kidOf(before.tokens.accessToken);

      const out: string[] = [];
      const code = await runCli(['node', 'latchkey', 'keys', 'rotate', '--db', database, '--json'], {
        out: (text) => out.push(text),
        err: (text) => out.push(text),
      });
      expect(code).toBe(0);
      const newKid = (JSON.parse(out.join('\n')) as { kid: string }).kid;
      expect(newKid).not.toBe(oldKid);

      clock.advance(1000); // the running server looks for changes at most once a second
      const after = await signIn(running);
      expect(kidOf(after.tokens.accessToken)).toBe(newKid);
      expect(kidOf(after.tokens.idToken)).toBe(newKid);
      expect((await running.caller().keys.jwks()).keys.map((key) => key.kid).sort()).toEqual([oldKid, newKid].sort());
      // Tokens signed with the retired key keep working until they expire.
      await expect(as(running, before.tokens.accessToken).account.me()).resolves.toMatchObject({ id: 1 });
    } finally {
      await running.close();
    }
  });

  it('verifies at once a token the other server signed with a key it has just made', () =>
    withTwoServers(async (one, two) => {
      await registerUser(one);
      await signIn(two); // two has loaded the first key
      const { kid } = await one.adminCaller().admin.keys.rotate();
      const fromOne = await signIn(one);
      expect(kidOf(fromOne.tokens.accessToken)).toBe(kid);
      // No clock movement: an unknown kid is reason enough to look again.
      const me = await as(two, fromOne.tokens.accessToken).account.me();
      expect(String(me.id)).toBe(jwtClaims(fromOne.tokens.accessToken).sub);
      expect(kidOf((await signIn(two)).tokens.accessToken)).toBe(kid);
    }));

  it('a key the other server retired stops verifying here once its grace is over', () =>
    withTwoServers(async (one, two, clock) => {
      const ada = await registerUser(one);
      const retired = await one.services.keys.signingKey();
      await two.adminCaller().admin.keys.rotate();
      // Past the retired key's grace (the longest token life plus the clock tolerance), with no
      // token signed by `one` since the rotation.
      clock.advance(12 * 60_000);
      // A token made now with the retired key (leaked, say) for the still-live session.
      const iat = Math.floor(clock.now() / 1000);
      const claims = { ...jwtClaims(ada.tokens.accessToken), iat, exp: iat + 600, jti: 'at_late' };
      const late = signCompactJws({ alg: 'EdDSA', kid: retired.kid, typ: 'at+jwt' }, claims, retired.privateKey);
      expect((await errorOf(as(two, late).account.me())).code).toBe('UNAUTHORIZED');
      expect((await errorOf(as(one, late).account.me())).code).toBe('UNAUTHORIZED');
    }));

  it('rotating after the other server rotated keeps both keys verifying on both servers', () =>
    withTwoServers(async (one, two) => {
      await registerUser(one);
      await signIn(two);
      const fromTwo = (await two.adminCaller().admin.keys.rotate()).kid;
      const fromOne = (await one.adminCaller().admin.keys.rotate()).kid; // one had not seen two's key
      const signedByTwo = await signIn(two); // within the second: two still signs with its own new key
      expect(kidOf(signedByTwo.tokens.accessToken)).toBe(fromTwo);
      expect((await as(one, signedByTwo.tokens.accessToken).account.me()).email).toBe('ada@example.com');
      const signedByOne = await signIn(one);
      expect(kidOf(signedByOne.tokens.accessToken)).toBe(fromOne);
      expect((await as(two, signedByOne.tokens.accessToken).account.me()).email).toBe('ada@example.com');
    }));
});
