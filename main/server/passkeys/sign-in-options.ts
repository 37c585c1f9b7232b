// auth.passkeyOptions: the challenge and settings navigator.credentials.get() needs. Three kinds:
// - no field: discoverable credentials (the browser lists its passkeys, or offers them in the
//   email field's autofill: conditional mediation);
// - `email`: that account's passkeys as allowCredentials. Enumeration-safe: an unknown email, or an
//   account without passkeys, gets one made-up credential derived from the email by a server key,
//   so the answer is shaped the same and stays the same for the same email;
// - `challengeToken` (or `challengeId`): a passkey as the second factor of a sign-in that answered
//   `requires2fa`; the challenge is bound to that token and to its user.
import type * as z from 'zod';
import type { PasskeySignInOptions, passkeyOptionsInput } from '../../../shared/passkeys.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { findUserByEmail, normalizeEmail } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { keyedHash } from '../email/code-key.ts';
import { admitRequest } from '../security/request-caps.ts';
import { findChallenge } from '../totp/challenges.ts';
import { issuePasskeyChallenge, type ChallengeBinding } from './challenges.ts';
import { listPasskeys, passedWithPasskey } from './credentials.ts';
import { webauthn } from './library.ts';
import { refusePasskey } from './refuse.ts';
import { requireRelyingParty } from './relying-party.ts';

type Input = z.output<typeof passkeyOptionsInput>;
type Descriptor = { id: string; transports?: [] | undefined };

/** Transport hints of the made-up credential an unknown email gets. */
const DECOY_TRANSPORTS = ['hybrid', 'internal'];

export async function passkeySignInOptions(
  services: Services,
  input: Input,
  request: RequestInfo,
): Promise<PasskeySignInOptions> {
  const rp = requireRelyingParty(services);
  admitRequest(services, 'passkeyOptions', request); // each answer stores a challenge
  const { db, clock, config } = services;
  const { userVerification, challengeTtlSeconds: ttl } = config.passkeys;
  const secondFactorToken = input?.challengeToken ?? input?.challengeId;
  let binding: ChallengeBinding;
  let allowCredentials: Descriptor[] | undefined;
  let askVerification: 'required' | 'preferred' | 'discouraged' = userVerification;

  if (secondFactorToken !== undefined) {
    const pending = findChallenge(db, secondFactorToken);
    if (!pending || pending.used_at !== null) throw new AuthError('UNAUTHORIZED', { reason: 'challenge_invalid' });
    if (pending.expires_at <= clock.now()) throw new AuthError('UNAUTHORIZED', { reason: 'challenge_expired' });
    // A passkey passed the first factor: the second must be another kind (docs/security.md, Passkeys).
    if (passedWithPasskey(JSON.parse(pending.amr) as string[]))
      throw refusePasskey(services, request, {
        reason: 'challenge_invalid',
        purpose: 'second_factor',
        userId: pending.user_id,
      });
    // The password already named the user: presence is enough for a second factor.
    askVerification = 'discouraged';
    binding = { purpose: 'second_factor', userId: pending.user_id, secondFactorToken, userVerification: 'discouraged' };
    allowCredentials = descriptors(listPasskeys(db, pending.user_id));
  } else if (input?.email !== undefined) {
    const user = findUserByEmail(db, input.email);
    const rows = user?.status === 'active' ? listPasskeys(db, user.id) : [];
    binding = { purpose: 'sign_in', userId: user?.id, forNamedAccount: true, userVerification };
    allowCredentials =
      rows.length > 0
        ? descriptors(rows)
        : [
            {
              id: keyedHash(services, 'passkey-decoy', normalizeEmail(input.email)).toString('base64url'),
              transports: DECOY_TRANSPORTS as [],
            },
          ];
  } else {
    binding = { purpose: 'sign_in', userVerification };
  }

  const challenge = issuePasskeyChallenge(db, binding, clock.now(), ttl);
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    timeout: ttl * 1000,
    userVerification: askVerification,
    allowCredentials,
  });
}

const descriptors = (rows: ReturnType<typeof listPasskeys>): Descriptor[] =>
  rows.map((row) => ({ id: row.credential_id, transports: JSON.parse(row.transports) as [] }));
