// totp.beginEnrollment and totp.confirmEnrollment (docs/security.md R17, R21, R22). A new secret waits
// as "pending" until a code from it is confirmed; only then does it become the active factor,
// replacing any earlier one, with a fresh set of recovery codes. Until then sign-in is unchanged.
import type * as Uqr from 'uqr';
import type { RecoveryCodes, TotpEnrollment } from '../../../shared/types.ts';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import type { AuthedContext } from '../call.ts';
import { requireLiveCaller, requireRecentAuth } from '../accounts/manage.ts';
import { AuthError } from '../errors.ts';
import { deleteChallenges } from './challenges.ts';
import { activatePendingFactor, findFactor, hasActiveFactor, openSecret, savePendingFactor } from './factors.ts';
import { newRecoveryCodes, replaceRecoveryCodes } from './recovery-codes.ts';
import {
  beginSecondFactorAttempt,
  checkSecondFactor,
  evaluated,
  secondFactorFailure,
  secondFactorSuccess,
  type SecondFactorProof,
} from './second-factor-check.ts';
import { encodeBase32, newTotpSecret, otpauthUri, verifyTotpCode } from './totp-code.ts';
import { untrustAllDevices } from './trusted-devices.ts';
import { notifyUser } from './notify.ts';
import { lazyRequire } from '../lazy-require.ts';

const uqr = lazyRequire<typeof Uqr>('uqr');

/**
 * The otpauth URI as an SVG QR code, drawn here: the secret never goes to a third-party service.
 * Medium error correction and a two-module quiet zone, one SVG unit per module.
 */
const renderQrSvg = (uri: string): string => uqr().renderSVG(uri, { ecc: 'M', border: 2, pixelSize: 1 });

/**
 * Starts (or restarts) enrollment. Like every change to a second factor it needs a recent sign-in;
 * replacing an active factor also needs proof of it, exactly as turning it off does.
 */
export async function beginEnrollment(ctx: AuthedContext, proof: SecondFactorProof = {}): Promise<TotpEnrollment> {
  const { services, auth, request } = ctx;
  const { db, config, clock } = services;
  requireRecentAuth(ctx);
  const replacing = hasActiveFactor(db, auth.user.id);
  if (replacing) {
    if (proof.code === undefined && proof.recoveryCode === undefined) {
      throw new AuthError('VALIDATION_ERROR', { details: { code: fieldMessage('required', request.locale) } });
    }
    await checkSecondFactor(services, auth.user, proof, { request, purpose: 'replace', sessionId: auth.session.id });
  }
  const secret = newTotpSecret();
  try {
    savePendingFactor(db, services.secretBox, auth.user.id, secret, clock.now());
    const label = config.totp.accountLabel === 'name' ? auth.user.name : auth.user.email;
    const uri = otpauthUri({ issuer: config.totp.issuer ?? config.appName, label, secret });
    const qrSvg = renderQrSvg(uri);
    services.audit.record(
      { type: 'totp_enrollment_started', userId: auth.user.id, sessionId: auth.session.id, details: { replacing } },
      request,
    );
    return { secret: encodeBase32(secret), otpauthUri: uri, qrSvg };
  } finally {
    secret.fill(0);
  }
}

/** Activates the pending secret with a current code from it and returns recovery codes, once. */
export async function confirmEnrollment(ctx: AuthedContext, code: string): Promise<RecoveryCodes> {
  const { services, auth, request } = ctx;
  const { db, clock } = services;
  const context = { request, purpose: 'enroll', sessionId: auth.session.id };
  const pending = findFactor(db, auth.user.id, 'pending');
  if (!pending) throw new AuthError('NOT_FOUND', { reason: 'no_pending_enrollment' });
  const charge = beginSecondFactorAttempt(services, auth.user, context);
  const step = await evaluated(services, charge, () => {
    const secret = openSecret(services.secretBox, pending);
    return verifyTotpCode({ secret, code, nowMs: clock.now() }).finally(() => secret.fill(0));
  });
  if (step === undefined) throw secondFactorFailure(services, auth.user, 'totp', context, charge);
  secondFactorSuccess(services, auth.user, charge, context.purpose);

  const { codes, hashes } = await newRecoveryCodes(services.hasher);
  const now = clock.now();
  const replaced = db
    .transaction(() => {
      requireLiveCaller(ctx);
      const replacing = hasActiveFactor(db, auth.user.id);
      // The confirming code's step counts as used: it cannot sign in a second time.
      if (!activatePendingFactor(db, pending, step, now))
        throw new AuthError('CONFLICT', { reason: 'enrollment_changed' });
      replaceRecoveryCodes(db, auth.user.id, hashes, now);
      // A new factor starts from scratch: no device skips it, no earlier challenge completes.
      untrustAllDevices(db, auth.user.id);
      deleteChallenges(db, auth.user.id);
      return replacing;
    })
    .immediate();
  services.audit.record(
    { type: replaced ? 'totp_replaced' : 'totp_enabled', userId: auth.user.id, sessionId: auth.session.id },
    request,
  );
  await notifyUser(services, auth.user, replaced ? 'totp_replaced' : 'totp_enabled', request);
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return { recoveryCodes: codes };
}
