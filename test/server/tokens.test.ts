// Access tokens and keys (docs/security.md R24–R28): verification pins algorithm,
// issuer, audience and type; forged tokens fail; the JWKS verifies our tokens in another library;
// rotated keys keep verifying until their tokens expire.
import { SignJWT, base64url, generateKeyPair, exportJWK, decodeProtectedHeader, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { verifyWithPyJwt } from '../helpers/pyjwt.ts';

async function signedIn() {
  const test = startServer();
  const result = await registerUser(test.server);
  return { ...test, result, token: result.tokens.accessToken };
}

const b64json = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('access tokens', () => {
  it('carry the claims of the contract', async () => {
    const { token, result, clock } = await signedIn();
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
      kid: expect.stringMatching(/^key_/),
    });
    const iat = Math.floor(clock.now() / 1000);
    expect(decodeJwt(token)).toEqual({
      iss: 'latchkey',
      aud: 'latchkey-app',
      sub: String(result.user.id),
      sid: result.session.id,
      did: result.device.id,
      amr: ['pwd'],
      aal: 1,
      iat,
      exp: iat + 600,
      jti: result.tokens.tokenId,
    });
  });

  it('stop working at once after logout, though exp is in the future (R28)', async () => {
    const { server, token } = await signedIn();
    await as(server, token).auth.logout();
    expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
  });

  it('are accepted within the leeway after exp and refused beyond it (R25)', async () => {
    const { server, clock, token } = await signedIn();
    clock.advance((600 + 29) * 1000);
    await expect(as(server, token).account.me()).resolves.toMatchObject({ email: 'ada@example.com' });
    clock.advance(2000);
    expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
  });

  it('forged tokens are refused: alg none, HS256 keyed with the public key, zero ES256 signature', async () => {
    const { server, token } = await signedIn();
    const header = decodeProtectedHeader(token);
    const payload = decodeJwt(token);
    const jwks = await server.caller().keys.jwks();
    const publicX = base64url.decode(jwks.keys[0]!.x!);
    const forgeries = [
      `${b64json({ alg: 'none', typ: 'at+jwt', kid: header.kid })}.${b64json(payload)}.`,
      await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: header.kid }).sign(publicX),
      await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: header.kid })
        .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0]))),
      `${b64json({ alg: 'ES256', typ: 'at+jwt', kid: header.kid })}.${b64json(payload)}.${base64url.encode(new Uint8Array(64))}`,
      // The real signature on a changed payload.
      `${token.split('.')[0]}.${b64json({ ...payload, sub: '2' })}.${token.split('.')[2]}`,
    ];
    for (const forged of forgeries) {
      expect((await errorOf(as(server, forged).account.me())).code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses our own key signing the wrong audience, issuer or type, and the id token', async () => {
    const { server, token, result } = await signedIn();
    const key = await server.services.keys.signingKey();
    const payload = decodeJwt(token);
    const sign = (claims: Record<string, unknown>, typ = 'at+jwt') =>
      new SignJWT({ ...payload, ...claims })
        .setProtectedHeader({ alg: 'EdDSA', typ, kid: key.kid })
        .sign(key.privateKey);
    const bad = [
      await sign({ aud: 'other-app' }),
      await sign({ aud: undefined }),
      await sign({ iss: 'someone-else' }),
      await sign({}, 'JWT'),
      result.tokens.idToken,
    ];
    for (const token of bad) expect((await errorOf(as(server, token).account.me())).code).toBe('UNAUTHORIZED');
    // The same construction with the right claims is accepted, so the checks above are meaningful.
    await expect(as(server, await sign({})).account.me()).resolves.toMatchObject({ id: result.user.id });
  });

  it('never trusts a key named in the header: embedded jwk or a path-like kid', async () => {
    const { server, token } = await signedIn();
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const payload = decodeJwt(token);
    const embedded = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', jwk: await exportJWK(attacker.publicKey) })
      .sign(attacker.privateKey);
    const traversal = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: '../../etc/passwd' })
      .sign(attacker.privateKey);
    for (const forged of [embedded, traversal]) {
      expect((await errorOf(as(server, forged).account.me())).code).toBe('UNAUTHORIZED');
    }
  });
});

describe('keys', () => {
  it('the JWKS verifies access and id tokens in an independent library (python3-jwt)', async () => {
    const test = startServer();
    test.clock.set(Date.now()); // PyJWT checks exp against the real clock
    const result = await registerUser(test.server);
    const jwks = await test.server.caller().keys.jwks();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const access = verifyWithPyJwt({
      token: result.tokens.accessToken,
      jwks,
      audience: 'latchkey-app',
      issuer: 'latchkey',
    });
    expect(access).toMatchObject({ typ: 'at+jwt', claims: { sub: String(result.user.id), sid: result.session.id } });
    const id = verifyWithPyJwt({ token: result.tokens.idToken, jwks, audience: 'latchkey-app', issuer: 'latchkey' });
    expect(id.claims).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', email_verified: false });
  });

  it('rotation: old tokens verify until they expire, new ones carry the new kid, the old key then leaves the JWKS', async () => {
    const { server, clock, token } = await signedIn();
    const oldKid = decodeProtectedHeader(token).kid;
    const { kid: newKid } = await server.adminCaller().admin.keys.rotate();
    expect(newKid).not.toBe(oldKid);
    expect((await server.caller().keys.jwks()).keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    await expect(as(server, token).account.me()).resolves.toBeDefined();
    const fresh = await server
      .caller()
      .auth.login({ email: 'ada@example.com', password: 'correct horse battery staple' });
    if (fresh.requires2fa) throw new Error('no 2fa');
    expect(decodeProtectedHeader(fresh.tokens.accessToken).kid).toBe(newKid);
    clock.advance((600 + 30 + 1) * 1000);
    expect((await server.caller().keys.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
  });

  it('rotates automatically after keyRotationDays, and keys survive a restart sealed at rest', async () => {
    const test = startServer({ tokens: { keyRotationDays: 1 } }, { file: true });
    const first = await registerUser(test.server);
    const server = await test.restart();
    await expect(as(server, first.tokens.accessToken).account.me()).resolves.toBeDefined();
    const rows = server.services.db.prepare('SELECT private_jwk_sealed FROM signing_keys').all() as Array<{
      private_jwk_sealed: Buffer;
    }>;
    for (const row of rows) expect(row.private_jwk_sealed.toString('latin1')).not.toContain('"d"');
    test.clock.advance(86_400_000 + 1);
    const later = await server.caller().auth.refresh({ refreshToken: first.tokens.refreshToken });
    expect(decodeProtectedHeader(later.tokens.accessToken).kid).not.toBe(
      decodeProtectedHeader(first.tokens.accessToken).kid,
    );
  });
});
