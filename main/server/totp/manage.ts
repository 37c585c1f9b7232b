// totp.disable and totp.regenerateRecoveryCodes: changes to an active factor, each proven with
// the factor itself (docs/security.md R21, R23), audited, and reported to the user.
import type { RecoveryCodes } from '../../../shared/types.ts';
import type { AuthedContext } from '../call.ts';
import { requireLiveCaller, requireRecentAuth } from '../accounts/manage.ts';
import { AuthError } from '../errors.ts';
import { deleteChallenges } from './challenges.ts';
import { deleteFactors, findFactor } from './factors.ts';
import { deleteRecoveryCodes, newRecoveryCodes, replaceRecoveryCodes } from './recovery-codes.ts';
import { checkSecondFactor, type SecondFactorProof } from './second-factor-check.ts';
import { untrustAllDevices } from './trusted-devices.ts';
import { notifyUser } from './notify.ts';

/** The id of the active factor a code will be checked against. */
function requireActiveFactor(ctx: AuthedContext): number {
  const factor = findFactor(ctx.services.db, ctx.auth.user.id, 'active');
  if (!factor) throw new AuthError('NOT_FOUND', { reason: 'totp_not_enabled' });
  return factor.id;
}

/**
 * Inside the writing transaction, after the code's check and any hashing: the session that asked
 * is still live, and the factor the code proved is still the active one (not replaced or removed
 * meanwhile, which keeps its own codes).
 */
function requireProvenFactor(ctx: AuthedContext, proven: number): void {
  requireLiveCaller(ctx);
  if (findFactor(ctx.services.db, ctx.auth.user.id, 'active')?.id !== proven)
    throw new AuthError('CONFLICT', { reason: 'totp_changed' });
}

/** Turns TOTP off: needs a recent sign-in and a current TOTP or recovery code. */
export async function disableTotp(ctx: AuthedContext, proof: SecondFactorProof): Promise<{ disabled: true }> {
  const { services, auth, request } = ctx;
  const { db } = services;
  const proven = requireActiveFactor(ctx);
  requireRecentAuth(ctx);
  const method = await checkSecondFactor(services, auth.user, proof, {
    request,
    purpose: 'disable',
    sessionId: auth.session.id,
  });
  const untrusted = db
    .transaction(() => {
      requireProvenFactor(ctx, proven);
      deleteFactors(db, auth.user.id);
      deleteRecoveryCodes(db, auth.user.id);
      deleteChallenges(db, auth.user.id);
      return untrustAllDevices(db, auth.user.id);
    })
    .immediate();
  services.audit.record(
    { type: 'totp_disabled', userId: auth.user.id, sessionId: auth.session.id, details: { method, untrusted } },
    request,
  );
  await notifyUser(services, auth.user, 'totp_disabled', request);
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return { disabled: true };
}

/**
 * A new set of recovery codes for a recent sign-in and a current TOTP code; every earlier code
 * stops working. Recent, as turning TOTP off: a new set is a lasting second factor.
 */
export async function regenerateRecoveryCodes(ctx: AuthedContext, code: string): Promise<RecoveryCodes> {
  const { services, auth, request } = ctx;
  const { db, clock } = services;
  const proven = requireActiveFactor(ctx);
  requireRecentAuth(ctx);
  await checkSecondFactor(
    services,
    auth.user,
    { code },
    { request, purpose: 'regenerate', sessionId: auth.session.id },
  );
  const { codes, hashes } = await newRecoveryCodes(services.hasher);
  db.transaction(() => {
    requireProvenFactor(ctx, proven);
    replaceRecoveryCodes(db, auth.user.id, hashes, clock.now());
  }).immediate();
  services.audit.record(
    { type: 'recovery_codes_regenerated', userId: auth.user.id, sessionId: auth.session.id },
    request,
  );
  await notifyUser(services, auth.user, 'recovery_codes_regenerated', request);
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return { recoveryCodes: codes };
}
