// Signs a JWT in JWS compact form with node:crypto, synchronously: jose signs through WebCrypto,
// whose promise and thread-pool round trip cost more than the Ed25519 signature itself, twice on
// every sign-in. Only signing is done here; every token is verified by jose (jwt.ts).
import { sign, type KeyObject } from 'node:crypto';

export interface JwsHeader {
  alg: 'EdDSA';
  kid: string;
  typ: string;
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `header.payload.signature`, base64url without padding (RFC 7515 §7.1), signed with Ed25519. */
export function signCompactJws(header: JwsHeader, payload: object, key: KeyObject): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
}
