import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, exportJWK, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactJws } from '../../main/server/tokens/compact-jws.ts';

describe('compact JWS signing (node:crypto, verified by jose)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const header = { alg: 'EdDSA', kid: 'key_test', typ: 'at+jwt' } as const;

  it('makes a token jose verifies, with exactly the header and payload given', async () => {
    const payload = { sub: '7', sid: 'ses_1', amr: ['pwd'], iat: 1_700_000_000, exp: 4_000_000_000 };
    const token = signCompactJws(header, payload, privateKey);
    expect(token.split('.')).toHaveLength(3);
    expect(token).not.toMatch(/[=+/]/);
    expect(decodeProtectedHeader(token)).toEqual(header);
    const key = await importJWK(await exportJWK(publicKey), 'EdDSA');
    const verified = await jwtVerify(token, key, { algorithms: ['EdDSA'], typ: 'at+jwt' });
    expect(verified.payload).toEqual(payload);
  });

  it('signs the exact bytes it sends: a changed payload fails verification', async () => {
    const token = signCompactJws(header, { sub: '7' }, privateKey);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: '8' })).toString('base64url')}.${s}`;
    const key = await importJWK(await exportJWK(publicKey), 'EdDSA');
    await expect(compactVerify(forged, key)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });
});
