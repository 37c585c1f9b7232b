// The phone's side (docs/security.md R39): a signed-in user looks up the code the kiosk shows,
// sees which device asked, and approves or denies it. Looking a code up is what a guesser would
// do, so every wrong code counts against the account and the address (R38); right codes are
// single use: once decided, a code answers CODE_INVALID.
import { formatUserCode, type DeviceSignInDecision, type DeviceSignInRequest } from '../../../shared/device-sign-in.ts';
import type { AuthedContext } from '../call.ts';
import { AuthError } from '../errors.ts';
import { toIso } from '../clock.ts';
import { requireRecentAuth } from '../accounts/manage.ts';
import type { ThrottleRule } from '../security/throttle.ts';
import { decide, deviceFactsOf, findPendingByUserCode, type DeviceCodeRow } from './store.ts';

/** The budget's counters: the signed-in account, and the address over HTTP. */
function budgetRules(ctx: AuthedContext): ThrottleRule[] {
  const { services, auth, request } = ctx;
  const rules: ThrottleRule[] = [
    { key: `device-code:acct:${auth.user.id}`, threshold: services.config.deviceSignIn.failureBudget },
  ];
  if (request.ipAddress && services.config.limits.perAddress)
    rules.push({ key: `device-code:ip:${request.ipAddress}`, threshold: services.config.lockout.sourceThreshold });
  return rules;
}

/**
 * The pending row the code names, or a refusal: RATE_LIMITED while the budget is spent,
 * CODE_INVALID (counted) for a code that is wrong, expired or already decided. The failure is
 * committed before the error leaves (the procedure's boundary waits for the write).
 */
function pendingRow<T>(ctx: AuthedContext, userCode: string, onFound: (row: DeviceCodeRow) => T): T {
  const { services, request, auth } = ctx;
  const { db, clock, throttle, audit } = services;
  const rules = budgetRules(ctx);
  const outcome = db
    .transaction(() => {
      const lockedFor = throttle.retryAfter(rules.map((rule) => rule.key));
      if (lockedFor > 0) return { lockedFor } as const;
      const row = findPendingByUserCode(services, userCode, clock.now());
      if (row) return { found: true, value: onFound(row) } as const;
      audit.record({ type: 'device_sign_in_code_failed', userId: auth.user.id, sessionId: auth.session.id }, request);
      const locked = throttle.recordFailure(rules);
      return { failed: true, locked } as const;
    })
    .immediate();
  if ('found' in outcome) return outcome.value as T;
  if ('lockedFor' in outcome) throw new AuthError('RATE_LIMITED', { retryAfter: outcome.lockedFor, reason: 'locked' });
  if (outcome.locked > 0) throw new AuthError('RATE_LIMITED', { retryAfter: outcome.locked, reason: 'locked' });
  throw new AuthError('CODE_INVALID');
}

function describeRow(row: DeviceCodeRow, userCode: string): DeviceSignInRequest {
  const facts = deviceFactsOf(row);
  return {
    userCode: formatUserCode(userCode),
    device: {
      name: facts.name ?? null,
      platform: facts.platform ?? null,
      osVersion: facts.osVersion ?? null,
      appVersion: facts.appVersion ?? null,
      userAgent: facts.userAgent ?? null,
      ipAddress: facts.ipAddress ?? null,
    },
    requestedAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
  };
}

/** devices.describeSignIn: which device waits behind this code. Changes nothing. */
export function describeSignIn(ctx: AuthedContext, userCode: string): DeviceSignInRequest {
  return pendingRow(ctx, userCode, (row) => describeRow(row, userCode));
}

/**
 * devices.approveSignIn: the kiosk's next poll opens a session of this user on the kiosk's device,
 * as strong as the approving session (its amr plus `mca`, RFC 8176's multiple-channel
 * authentication; its aal). Needs a recent sign-in: approving hands out a session.
 */
export function approveSignIn(ctx: AuthedContext, userCode: string): DeviceSignInDecision {
  requireRecentAuth(ctx);
  const { auth, services } = ctx;
  const amr = [...new Set([...(JSON.parse(auth.session.amr) as string[]), 'mca'])];
  const row = pendingRow(ctx, userCode, (row) => {
    decide(services, row.id, {
      status: 'approved',
      userId: auth.user.id,
      amr,
      aal: auth.session.aal,
      sessionId: auth.session.id,
    });
    recordDecision(ctx, row, 'device_sign_in_approved');
    return row;
  });
  announce(ctx, row, 'approved');
  return { userCode: formatUserCode(userCode), decision: 'approved' };
}

/**
 * devices.denySignIn: the kiosk's next poll answers ACCESS_DENIED. Needs a recent sign-in like
 * approving, so a stale or stolen token cannot turn away the real owner's kiosk.
 */
export function denySignIn(ctx: AuthedContext, userCode: string): DeviceSignInDecision {
  requireRecentAuth(ctx);
  const { auth, services } = ctx;
  const row = pendingRow(ctx, userCode, (row) => {
    decide(services, row.id, { status: 'denied', userId: auth.user.id });
    recordDecision(ctx, row, 'device_sign_in_denied');
    return row;
  });
  announce(ctx, row, 'denied');
  return { userCode: formatUserCode(userCode), decision: 'denied' };
}

function recordDecision(ctx: AuthedContext, row: DeviceCodeRow, type: string): void {
  const { services, auth, request } = ctx;
  const facts = deviceFactsOf(row);
  // A right code does not end the account's streak of wrong ones: anyone can make a right code
  // (start a kiosk sign-in of one's own), so the streak ends only with its window.
  services.audit.record(
    {
      type,
      userId: auth.user.id,
      sessionId: auth.session.id,
      // The kiosk's address stays on its own device_sign_in_started row, which names no account:
      // deleting this account redacts the who and where of its rows, and details are not redacted.
      deviceId: facts.id,
    },
    request,
  );
}

/** Live events: the kiosk waiting on its socket hears at once, not at its next poll. */
function announce(ctx: AuthedContext, row: DeviceCodeRow, outcome: 'approved' | 'denied'): void {
  ctx.services.events.emit('deviceCode', { codeHash: row.device_code_hash.toString('hex'), outcome });
}
