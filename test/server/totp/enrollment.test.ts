// totp.beginEnrollment / confirmEnrollment: secret, URI and QR; activation only on a confirmed
// code; replacement only after confirmation; secrets sealed at rest; oathtool interoperability.
import { execFileSync } from 'node:child_process';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { aesGcmSecretBox } from '../../../main/server/crypto/secret-box.ts';
import { decodeBase32 } from '../../../main/server/totp/totp-code.ts';
import { as, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import {
  auditTypes,
  codeAt,
  enrollTotp,
  expectChallenge,
  expectSignedIn,
  login,
  STEP_MS,
  wrongCode,
  startWithTotp,
} from '../../helpers/totp.ts';

/** The dark modules an SVG of unit squares draws, as a matrix of its viewBox's size. */
function svgModules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const path = /<path [^>]*d="([^"]*)"/.exec(svg)![1]!;
  for (const [, x, y] of path.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) matrix[Number(y)]![Number(x)] = true;
  // Every drawing command is one module: nothing in the path was left unread.
  expect(path.replace(/M\d+,\d+h1v1h-1z/g, '')).toBe('');
  return matrix;
}

function oathtool(base32: string, at: number): string {
  const now = new Date(at).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  return execFileSync('oathtool', ['--totp', '-b', '--now', now, base32], { encoding: 'utf8' }).trim();
}

describe('totp enrollment', () => {
  it('returns a 160-bit base32 secret, a standard otpauth URI and a QR code as SVG', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const begun = await as(server, tokens.accessToken).totp.beginEnrollment();
    expect(begun.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeBase32(begun.secret).length).toBe(20);

    const uri = new URL(begun.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Latchkey:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: begun.secret,
      issuer: 'Latchkey',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(begun.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<path .*<\/svg>\s*$/s);
  });

  it('draws the QR code of exactly its otpauth URI: medium error correction, a two-module quiet zone', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const begun = await as(server, tokens.accessToken).totp.beginEnrollment();
    const expected = encode(begun.otpauthUri, { ecc: 'M', border: 2 });
    expect(expected.version).toBeGreaterThan(1);
    expect(svgModules(begun.qrSvg)).toEqual(expected.data);
    // The same matrix cannot also be another URI's: one changed character changes the code.
    expect(svgModules(begun.qrSvg)).not.toEqual(
      encode(begun.otpauthUri.replace('Latchkey', 'Latchkez'), { ecc: 'M', border: 2 }).data,
    );
  });

  it('uses the configured issuer and account label', async () => {
    const { server } = startServer({ totp: { issuer: 'Acme Kiosk', accountLabel: 'name' } });
    const { tokens } = await registerUser(server);
    const uri = new URL((await as(server, tokens.accessToken).totp.beginEnrollment()).otpauthUri);
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme Kiosk:Ada Lovelace');
    expect(uri.searchParams.get('issuer')).toBe('Acme Kiosk');
  });

  it('changes nothing until a code confirms it, then gates sign-in and returns 10 recovery codes', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const me = as(server, tokens.accessToken);
    const begun = await me.totp.beginEnrollment();
    const secret = decodeBase32(begun.secret);
    expect((await me.account.me()).totpEnabled).toBe(false);
    expectSignedIn(await login(server));

    expect((await errorOf(me.totp.confirmEnrollment({ code: await wrongCode(server, secret) }))).code).toBe(
      'TOTP_INVALID',
    );
    const { recoveryCodes } = await me.totp.confirmEnrollment({ code: await codeAt(server, secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);

    const profile = await me.account.me();
    expect(profile).toMatchObject({ totpEnabled: true, recoveryCodesRemaining: 10 });
    expectChallenge(await login(server));
    expect(auditTypes(server, 'totp_enabled')).toHaveLength(1);
    expect((await errorOf(me.totp.confirmEnrollment({ code: await codeAt(server, secret, 1) }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('accepts codes from Debian oathtool, at enrollment and at sign-in', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server);
    const me = as(server, tokens.accessToken);
    const { secret } = await me.totp.beginEnrollment();
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 12));
    const first = oathtool(secret, clock.now());
    expect(first).toBe(await codeAt(server, decodeBase32(secret)));
    await me.totp.confirmEnrollment({ code: first });

    clock.advance(STEP_MS);
    const signedIn = expectSignedIn(await login(server, undefined, { totpCode: oathtool(secret, clock.now()) }));
    expect(signedIn.session.aal).toBe(2);
  });

  it('replaces an active factor only after the new secret is confirmed, and only with proof', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const me = as(server, tokens.accessToken);
    const old = await enrollTotp(server, tokens.accessToken);

    expect((await errorOf(me.totp.beginEnrollment())).code).toBe('VALIDATION_ERROR');
    const begun = await me.totp.beginEnrollment({ code: await codeAt(server, old.secret, 1) });
    const next = decodeBase32(begun.secret);
    expect(begun.secret).not.toBe(old.base32);
    // Not confirmed yet: the old factor and its recovery codes still sign in.
    const challenge = expectChallenge(await login(server));
    await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: challenge.token, recoveryCode: old.recoveryCodes[0] });

    const { recoveryCodes } = await me.totp.confirmEnrollment({ code: await codeAt(server, next) });
    const again = expectChallenge(await login(server));
    const verify = (input: { code?: string; recoveryCode?: string }) =>
      server.caller().auth.verifySecondFactor({ challengeToken: again.token, ...input });
    expect((await errorOf(verify({ recoveryCode: old.recoveryCodes[1]! }))).code).toBe('TOTP_INVALID');
    expect((await errorOf(verify({ code: await codeAt(server, old.secret, 1) }))).code).toBe('TOTP_INVALID');
    expectSignedIn(await verify({ recoveryCode: recoveryCodes[0]! }));
    expect(auditTypes(server, 'totp_replaced')).toHaveLength(1);
  });

  it('needs a recent sign-in to begin', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server);
    clock.advance(301_000);
    expect((await errorOf(as(server, tokens.accessToken).totp.beginEnrollment())).code).toBe('REAUTH_REQUIRED');
  });

  it('keeps the secret sealed at rest: no column holds it, another key cannot open it (R22)', async () => {
    const { server, secret, base32 } = await startWithTotp();
    const { db } = server.services;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const hex = Buffer.from(secret).toString('hex');
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
        for (const value of Object.values(row)) {
          const text = Buffer.isBuffer(value) ? value.toString('hex') : String(value);
          expect(text).not.toContain(hex);
          expect(text.toUpperCase()).not.toContain(base32);
        }
      }
    }
    const { secret_sealed } = db.prepare('SELECT secret_sealed FROM totp_factors').get() as { secret_sealed: Buffer };
    expect(Buffer.from(server.services.secretBox.open(secret_sealed)).equals(Buffer.from(secret))).toBe(true);
    expect(() => aesGcmSecretBox(Buffer.alloc(32, 7)).open(secret_sealed)).toThrow();
  });
});
