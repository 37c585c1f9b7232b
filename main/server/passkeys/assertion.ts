// Checks one passkey assertion against the challenge it signed (docs/security.md R76): the
// challenge is taken out first (good once, expired ones refused), the credential must be known
// (and the bound account's, if the attempt named one), then @simplewebauthn/server checks the
// origin, the rpId hash, user presence, user verification where the challenge asked for it, and
// the signature. The sign counter is checked here: a counter that did not go up on an
// authenticator that keeps one flags the passkey, is audited, and is refused when
// `passkeys.refuseCounterRegression` says so.
import type * as z from 'zod';
import type { authenticationResponseSchema } from '../../../shared/passkeys.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { sha256, constantTimeEqual } from '../crypto/random.ts';
import { findUserById } from '../accounts/users.ts';
import { findPasskeyByCredentialId, flagCounterRegression, recordPasskeyUse, type PasskeyRow } from './credentials.ts';
import { takePasskeyChallenge, type ChallengePurpose } from './challenges.ts';
import { refusalReason, signedChallenge, webauthn } from './library.ts';
import { refusePasskey } from './refuse.ts';
import { requireRelyingParty } from './relying-party.ts';

export type AuthenticationResponse = z.output<typeof authenticationResponseSchema>;

export interface AssertionExpectation {
  purpose: Exclude<ChallengePurpose, 'register'>;
  /** Second factor: the challenge token the passkey answers. */
  secondFactorToken?: string | undefined;
}

export interface CheckedAssertion {
  passkey: PasskeyRow;
  userVerified: boolean;
}

/** The user handle a passkey of this user carries: the user's uuid as UTF-8 bytes, base64url. */
export const userHandleOf = (uuid: string): string => Buffer.from(uuid, 'utf8').toString('base64url');

export async function checkAssertion(
  services: Services,
  response: AuthenticationResponse,
  expectation: AssertionExpectation,
  request: RequestInfo,
): Promise<CheckedAssertion> {
  const { db, clock, config } = services;
  const rp = requireRelyingParty(services);
  const purpose = expectation.purpose;
  const refuse = (reason: string, userId?: number) => refusePasskey(services, request, { reason, purpose, userId });

  const challenge = await signedChallenge(response.response.clientDataJSON);
  const bound = challenge === undefined ? undefined : takePasskeyChallenge(db, challenge);
  if (!bound || bound.purpose !== purpose) throw refuse('challenge_invalid');
  if (purpose === 'second_factor') {
    const token = expectation.secondFactorToken ?? '';
    if (!bound.second_factor_hash || !constantTimeEqual(bound.second_factor_hash, sha256(token)))
      throw refuse('challenge_invalid');
  }
  if (bound.expires_at <= clock.now()) throw refuse('challenge_expired', bound.user_id ?? undefined);

  const passkey = findPasskeyByCredentialId(db, response.id);
  // A challenge asked for with an email takes only that account's passkeys, and none when no account
  // has the address: a stranger's passkey is refused alike for a known and an unknown email.
  const named = bound.user_id !== null || bound.for_named_account === 1;
  if (!passkey || (named && passkey.user_id !== bound.user_id))
    throw refuse('unknown_credential', bound.user_id ?? undefined);
  const owner = findUserById(db, passkey.user_id);
  const handle = response.response.userHandle;
  if (!owner || (handle !== undefined && handle !== userHandleOf(owner.uuid)))
    throw refuse('unknown_credential', passkey.user_id);

  const { verifyAuthenticationResponse } = await webauthn();
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge!,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      // The library refuses any counter that does not go up; we pass 0 and decide below.
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(passkey.public_key),
        counter: 0,
        transports: JSON.parse(passkey.transports) as [],
      },
      requireUserVerification: bound.user_verification === 'required',
    });
  } catch (error) {
    throw refuse(refusalReason(error), passkey.user_id);
  }
  if (!verified.verified) throw refuse('invalid_response', passkey.user_id);
  const info = verified.authenticationInfo;

  const now = clock.now();
  // The counter as it is now, not as it was before the wait: an assertion accepted meanwhile took
  // its value (docs/security.md, Sign counter). From here to the write below nothing waits.
  const stored = findPasskeyByCredentialId(db, passkey.credential_id);
  if (stored?.pk !== passkey.pk) throw refuse('unknown_credential', passkey.user_id);
  const regressed = (info.newCounter > 0 || stored.sign_count > 0) && info.newCounter <= stored.sign_count;
  if (regressed) {
    services.audit.record(
      {
        type: 'passkey_counter_regression',
        userId: passkey.user_id,
        details: { passkey: passkey.public_id, stored: stored.sign_count, reported: info.newCounter },
      },
      request,
    );
    if (config.passkeys.refuseCounterRegression) {
      flagCounterRegression(db, passkey.pk, now);
      throw refuse('counter_regression', passkey.user_id);
    }
  }
  // Deleted while its assertion was being verified: it signs in no more.
  if (
    !recordPasskeyUse(db, passkey.pk, { signCount: info.newCounter, backedUp: info.credentialBackedUp, now, regressed })
  )
    throw refuse('unknown_credential', passkey.user_id);
  return { passkey, userVerified: info.userVerified };
}
