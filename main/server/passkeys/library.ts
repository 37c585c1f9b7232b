// @simplewebauthn/server does every WebAuthn check that touches CBOR, COSE keys, attestation and
// signatures; nothing here parses them by hand. It loads on the first passkey call, so a server
// that never sees one never loads it.
import type * as SimpleWebAuthn from '@simplewebauthn/server';
import type * as Helpers from '@simplewebauthn/server/helpers';

let library: Promise<typeof SimpleWebAuthn> | undefined;
let helpers: Promise<typeof Helpers> | undefined;

export const webauthn = (): Promise<typeof SimpleWebAuthn> => (library ??= import('@simplewebauthn/server'));
export const webauthnHelpers = (): Promise<typeof Helpers> => (helpers ??= import('@simplewebauthn/server/helpers'));

/** COSE algorithms we accept: Ed25519, ES256, RS256. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** The reason code for a failed library check (docs/rest-api.md, PASSKEY_REJECTED). */
export function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/origin/i.test(message)) return 'origin_mismatch';
  if (/RP ID/i.test(message)) return 'rp_id_mismatch';
  if (/not present/i.test(message)) return 'user_presence';
  if (/verification required/i.test(message)) return 'user_verification';
  if (/challenge/i.test(message)) return 'challenge_invalid';
  return 'invalid_response';
}

/** The challenge the browser signed over, read from clientDataJSON (undefined if unreadable). */
export async function signedChallenge(clientDataJSON: string): Promise<string | undefined> {
  const { decodeClientDataJSON } = await webauthnHelpers();
  try {
    const challenge = decodeClientDataJSON(clientDataJSON).challenge;
    return typeof challenge === 'string' && challenge.length <= 512 ? challenge : undefined;
  } catch {
    return undefined;
  }
}
