// auth.verifySecondFactor: completes a sign-in that answered with a challenge. The challenge must
// be live, unused and presented from the device it was issued to; the code is checked against the
// user's factor under the shared lock; then the device facts sent with the first factor (and with
// this call, over them) are applied, reviving the device if it was revoked, and one session opens
// with amr/aal saying what was used. Trusting the device issues its trust token, returned once.
import type { AuthResult } from '../../../shared/types.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { findUserById, type UserRow } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { stmt } from '../db/statements.ts';
import { deviceSighting, laterSighting } from '../sessions/device-sighting.ts';
import { upsertDevice, type DeviceRow, type DeviceSighting } from '../sessions/devices.ts';
import { firstFactorMethod, openSession } from '../sessions/sign-in.ts';
import { challengeSighting, consumeChallenge, findChallenge, type ChallengeRow } from './challenges.ts';
import { withSecondFactor } from './gate.ts';
import { checkSecondFactor } from './second-factor-check.ts';
import { trustDevice } from './trusted-devices.ts';

export interface VerifySecondFactorInput {
  challengeToken: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
  trustDevice: boolean;
  device?: DeviceInput | undefined;
}

const invalid = (reason: string) => new AuthError('UNAUTHORIZED', { reason });

export async function verifySecondFactor(
  services: Services,
  input: VerifySecondFactorInput,
  request: RequestInfo,
): Promise<AuthResult> {
  const opened = openSecondFactorChallenge(services, input.challengeToken, input.device, request);
  const method = await checkSecondFactor(
    services,
    opened.user,
    { code: input.code, recoveryCode: input.recoveryCode },
    { request, purpose: 'sign_in' },
  );
  return completeSecondFactor(services, opened, { amr: method, method, trustDevice: input.trustDevice }, request);
}

/** A live challenge, its user and the device that passed the first factor. */
export interface OpenedChallenge {
  challenge: ChallengeRow;
  user: UserRow;
  device: DeviceRow;
  sighting: DeviceSighting;
}

/** Finds a challenge that can still be answered, from the device it was issued to, or throws. */
export function openSecondFactorChallenge(
  services: Services,
  challengeToken: string,
  deviceInput: DeviceInput | undefined,
  request: RequestInfo,
): OpenedChallenge {
  const { db, clock, audit } = services;
  const now = clock.now();
  const challenge = findChallenge(db, challengeToken);
  if (!challenge || challenge.used_at !== null) throw invalid('challenge_invalid');
  if (challenge.expires_at <= now) throw invalid('challenge_expired');
  const user = findUserById(db, challenge.user_id);
  const device = stmt(db, 'SELECT * FROM devices WHERE pk = ?').get(challenge.device_pk) as DeviceRow | undefined;
  // The device may be revoked: it was when the first factor passed (revoking it later deletes the
  // challenge), and passing the second factor too brings it back, as any full sign-in does.
  if (!user || user.status !== 'active' || !device) throw invalid('challenge_invalid');
  const sighting = deviceSighting(request, deviceInput);
  // Bound to the device that passed the first factor: a token that travelled is refused.
  if (sighting.id !== undefined && sighting.id !== device.public_id) {
    audit.record({ type: 'second_factor_device_mismatch', userId: user.id, deviceId: device.public_id }, request);
    throw invalid('challenge_invalid');
  }
  return { challenge, user, device, sighting };
}

/**
 * The second factor checked out: uses the challenge up, applies the device facts, trusts the
 * device if asked, and opens the session. `amr` is the second factor's RFC 8176 value, `method`
 * its name in the audit log (totp, recovery, passkey).
 */
export async function completeSecondFactor(
  services: Services,
  opened: OpenedChallenge,
  second: { amr: Parameters<typeof withSecondFactor>[1]; method: string; trustDevice: boolean },
  request: RequestInfo,
): Promise<AuthResult> {
  const { db, clock, audit } = services;
  const { challenge, user, device, sighting } = opened;
  const at = clock.now();
  const trustedUntil = at + services.config.totp.trustDeviceDays * 86_400_000;
  const won = db
    .transaction(() => {
      if (!consumeChallenge(db, challenge, at)) return false;
      const facts = { ...laterSighting(challengeSighting(challenge), sighting), id: device.public_id };
      upsertDevice(db, user.id, facts, at);
      return { trustToken: second.trustDevice ? trustDevice(db, device.pk, trustedUntil) : undefined };
    })
    .immediate();
  if (!won) throw invalid('challenge_invalid');
  if (second.trustDevice) {
    audit.record({ type: 'device_trusted', userId: user.id, deviceId: device.public_id }, request);
    services.events.emit('account', { userId: user.id, kind: 'device.updated', deviceId: device.public_id });
  }
  const fresh = stmt(db, 'SELECT * FROM devices WHERE pk = ?').get(device.pk) as DeviceRow;
  const firstAmr = JSON.parse(challenge.amr) as string[];
  const amr = withSecondFactor(firstAmr, second.amr);
  const result = await openSession(services, {
    user,
    device: { row: fresh },
    amr,
    aal: 2,
    request,
    audit: [
      {
        type: 'login_succeeded',
        userId: user.id,
        details: { method: firstFactorMethod(firstAmr), secondFactor: second.method },
      },
    ],
  });
  if (won.trustToken === undefined) return result;
  return { ...result, tokens: { ...result.tokens, deviceTrustToken: won.trustToken } };
}
