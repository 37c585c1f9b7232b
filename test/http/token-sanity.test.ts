// Tokens signed with the server's own key but with claims it never issues (an iat in the future,
// an exp far away, no iat, a lifetime longer than the access TTL) are refused on every path that
// verifies an access token: REST, tRPC in-process and the live events WebSocket (docs/security.md R78).
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuthServer } from '../../main/server/server.ts';
import { startHttp } from '../helpers/http.ts';
import { as, errorOf } from '../helpers/server.ts';

const DAY = 86_400;

/** The real token's header and claims, changed as told, signed with the server's current key. */
async function forge(server: AuthServer, token: string, claims: Record<string, unknown>): Promise<string> {
  const key = await server.services.keys.signingKey();
  const header = decodeProtectedHeader(token);
  return new SignJWT({ ...decodeJwt(token), ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: header.typ!, kid: key.kid })
    .sign(key.privateKey);
}

/** The HTTP status a WebSocket upgrade to /v1/events answers with (101 when it opens). */
function upgradeStatus(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/events?token=${token}`);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('token sanity: claims this server never issues', () => {
  it('refuses a future iat, a huge exp, a missing iat and an over-long lifetime over REST, tRPC and WebSocket', async () => {
    const { api, url, server, clock } = await startHttp();
    const signedIn = await api.register();
    const token = signedIn.tokens.accessToken as string;
    const now = Math.floor(clock.now() / 1000);
    const ttl = server.config.tokens.accessTtl;
    const tolerance = server.config.tokens.clockToleranceSeconds;

    const forged = {
      futureIat: await forge(server, token, { iat: now + DAY, exp: now + DAY + ttl }),
      hugeExp: await forge(server, token, { iat: now, exp: 1e20 }),
      missingIat: await forge(server, token, { iat: undefined, exp: now + ttl }),
      tooLong: await forge(server, token, { iat: now, exp: now + ttl + tolerance + 1 }),
      oldIat: await forge(server, token, { iat: now - DAY, exp: now + 60 }),
    };
    expect(decodeJwt(forged.missingIat)).not.toHaveProperty('iat');

    for (const [name, bad] of Object.entries(forged)) {
      const rest = await api.get('/v1/me', bad);
      expect({ name, status: rest.status, body: rest.body }).toEqual({
        name,
        status: 401,
        body: { success: false, error: { code: 'UNAUTHORIZED', message: 'You need to sign in again.' } },
      });
      expect({ name, code: (await errorOf(as(server, bad).account.me())).code }).toEqual({
        name,
        code: 'UNAUTHORIZED',
      });
      expect({ name, status: await upgradeStatus(url, bad) }).toEqual({ name, status: 401 });
    }

    // The same construction within the rules is accepted everywhere, so the refusals above are meaningful:
    // a lifetime of exactly TTL + tolerance and an iat just inside the tolerance.
    const fine = [
      await forge(server, token, { iat: now, exp: now + ttl + tolerance }),
      await forge(server, token, { iat: now + tolerance, exp: now + tolerance + ttl }),
    ];
    for (const good of fine) {
      expect((await api.get('/v1/me', good)).status).toBe(200);
      await expect(as(server, good).account.me()).resolves.toMatchObject({ id: signedIn.user.id });
      expect(await upgradeStatus(url, good)).toBe(101);
    }
  });

  it('a token accepted once stops being accepted when its age passes the TTL, even if its exp is later', async () => {
    const { api, server, clock } = await startHttp();
    const signedIn = await api.register();
    const now = Math.floor(clock.now() / 1000);
    const { accessTtl: ttl, clockToleranceSeconds: tolerance } = server.config.tokens;
    const token = await forge(server, signedIn.tokens.accessToken, { iat: now, exp: now + ttl + tolerance });
    await expect(as(server, token).account.me()).resolves.toBeDefined();
    clock.advance((ttl + tolerance) * 1000);
    await expect(as(server, token).account.me()).resolves.toBeDefined();
    clock.advance(1000);
    expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
    expect((await api.get('/v1/me', token)).status).toBe(401);
  });
});
