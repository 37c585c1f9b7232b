// passkeys.registrationOptions / passkeys.register: a signed-in user adds a passkey. Both need a
// recent sign-in; the challenge is bound to the session that asked for it, so options fetched in
// one session cannot finish a registration in another.
import type * as z from 'zod';
import type { PasskeyRegistrationOptions, PublicPasskey, registerPasskeyInput } from '../../../shared/passkeys.ts';
import type { AuthedContext } from '../call.ts';
import { requireLiveCaller, requireRecentAuth } from '../accounts/manage.ts';
import { randomId } from '../crypto/random.ts';
import { AuthError } from '../errors.ts';
import { issuePasskeyChallenge, takePasskeyChallenge } from './challenges.ts';
import {
  findPasskeyByCredentialId,
  insertPasskey,
  listPasskeys,
  findOwnPasskey,
  toPublicPasskey,
} from './credentials.ts';
import { SUPPORTED_ALGORITHMS, refusalReason, signedChallenge, webauthn } from './library.ts';
import { refusePasskey } from './refuse.ts';
import { requireRelyingParty } from './relying-party.ts';

export async function passkeyRegistrationOptions(ctx: AuthedContext): Promise<PasskeyRegistrationOptions> {
  requireRecentAuth(ctx);
  const { services, auth } = ctx;
  const rp = requireRelyingParty(services);
  const { challengeTtlSeconds: ttl, userVerification } = services.config.passkeys;
  const challenge = issuePasskeyChallenge(
    services.db,
    { purpose: 'register', userId: auth.user.id, sessionId: auth.session.id, userVerification },
    services.clock.now(),
    ttl,
  );
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: auth.user.email,
    userDisplayName: auth.user.name,
    userID: new Uint8Array(Buffer.from(auth.user.uuid, 'utf8')),
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    timeout: ttl * 1000,
    attestationType: 'none',
    excludeCredentials: listPasskeys(services.db, auth.user.id).map((row) => ({
      id: row.credential_id,
      transports: JSON.parse(row.transports) as [],
    })),
    // Discoverable, so it can sign in without an email and show in the email field's autofill.
    authenticatorSelection: { residentKey: 'required', userVerification },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
}

export async function registerPasskey(
  ctx: AuthedContext,
  input: z.output<typeof registerPasskeyInput>,
): Promise<PublicPasskey> {
  requireRecentAuth(ctx);
  const { services, auth, request } = ctx;
  const { db, clock, audit } = services;
  const rp = requireRelyingParty(services);
  const refuse = (reason: string) =>
    refusePasskey(services, request, { reason, purpose: 'register', userId: auth.user.id, sessionId: auth.session.id });

  const challenge = await signedChallenge(input.response.response.clientDataJSON);
  const bound = challenge === undefined ? undefined : takePasskeyChallenge(db, challenge);
  if (!bound || bound.purpose !== 'register' || bound.user_id !== auth.user.id || bound.session_id !== auth.session.id)
    throw refuse('challenge_invalid');
  if (bound.expires_at <= clock.now()) throw refuse('challenge_expired');

  const { verifyRegistrationResponse } = await webauthn();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge!,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: bound.user_verification === 'required',
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    throw refuse(refusalReason(error));
  }
  if (!verified.verified) throw refuse('invalid_response');
  const info = verified.registrationInfo;
  const publicId = randomId('pk');
  const now = clock.now();
  db.transaction(() => {
    requireLiveCaller(ctx);
    if (findPasskeyByCredentialId(db, info.credential.id))
      throw new AuthError('CONFLICT', { reason: 'passkey_exists' });
    const count = listPasskeys(db, auth.user.id).length;
    insertPasskey(db, {
      public_id: publicId,
      user_id: auth.user.id,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey),
      sign_count: info.credential.counter,
      transports: JSON.stringify(input.response.response.transports ?? []),
      backup_eligible: info.credentialDeviceType === 'multiDevice' ? 1 : 0,
      backed_up: info.credentialBackedUp ? 1 : 0,
      aaguid: info.aaguid,
      name: input.name ?? (count === 0 ? 'Passkey' : `Passkey ${count + 1}`),
      created_at: now,
    });
    audit.record(
      { type: 'passkey_registered', userId: auth.user.id, sessionId: auth.session.id, details: { passkey: publicId } },
      request,
    );
  }).immediate();
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return toPublicPasskey(findOwnPasskey(db, auth.user.id, publicId)!);
}
