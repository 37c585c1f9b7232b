// auth.verifyEmailCode: a right code signs in (amr `otp`, RFC 8176), through the same second-factor
// gate and session opening as a password. A verified code proves the mailbox, so the email is
// marked verified; an unknown email becomes an account without a password when auto-registration
// is on. Every other outcome answers CODE_INVALID unless revealAccountState asks for detail.
import { randomUUID } from 'node:crypto';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { AuthError } from '../errors.ts';
import { constantTimeEqual } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { findUserByEmail, findUserById, insertUser, type UserRow } from '../accounts/users.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { finishFirstStep, writeFirstStep, type FirstStep, type SignInRequest } from '../sessions/sign-in.ts';
import { accountThrottleKey } from '../security/sign-in-throttle.ts';
import { checkEmailCode } from './check-code.ts';
import { demoCodeFor } from './demo-accounts.ts';
import { createsAccounts } from './config.ts';

export interface VerifyCodeInput {
  email: string;
  code: string;
  device?: DeviceInput | undefined;
}

type AccountAdmission = { user: UserRow } | { refused: 'USER_NOT_FOUND' | 'USER_INACTIVE' };
/** A refusal, or the admitted account with what its sign-in wrote in the code's own transaction. */
type Admission = Extract<AccountAdmission, { refused: string }> | { user: UserRow; step: FirstStep };

export async function emailCodeSignIn(
  services: Services,
  input: VerifyCodeInput,
  request: RequestInfo,
): Promise<SignInResult> {
  const { db, config } = services;
  const sighting = deviceSighting(request, input.device);
  const existing = findUserByEmail(db, input.email);
  const demoCode = demoCodeFor(config, input.email);
  const isDemo = demoCode !== undefined && constantTimeEqual(Buffer.from(input.code), Buffer.from(demoCode));
  const signIn = (user: UserRow): SignInRequest => ({
    user,
    sighting,
    amr: ['otp'],
    request,
    audit: [{ type: 'login_succeeded', userId: user.id, details: { method: isDemo ? 'demo_code' : 'email_code' } }],
    // No "new device" mail: the code mail just read already named the device that asked for it
    // (and a demo account is shared by design: a new device there is no news to anyone).
    newDeviceNotice: false,
    // A finished sign-in ends the account's failure streak, whatever factor ran it up (R41, R44).
    streakKeys: [accountThrottleKey(user.email_normalized)],
  });
  // The code's consumption, the account and the session (or a second factor's first step): one commit.
  const admit = (): Admission => {
    const admission = admitAccount(services, { email: input.email, isDemo, request, sighting });
    if ('refused' in admission) return admission;
    return { ...admission, step: writeFirstStep(services, signIn(admission.user)) };
  };
  const admission = isDemo
    ? db.transaction(admit).immediate()
    : checkEmailCode(
        services,
        { email: input.email, purpose: 'login', code: input.code, request, sighting, userId: existing?.id },
        admit,
      );
  if ('refused' in admission) throw new AuthError(config.revealAccountState ? admission.refused : 'CODE_INVALID');
  return finishFirstStep(services, signIn(admission.user), admission.step);
}

/** Runs in the transaction that consumed the code (or link): the account to sign in, created if need be. */
export function admitAccount(
  services: Services,
  input: { email: string; isDemo: boolean; request: RequestInfo; sighting: DeviceSighting },
): AccountAdmission {
  const { audit, config } = services;
  const { request } = input;
  const existing = findUserByEmail(services.db, input.email);
  if (!existing && !createsAccounts(config) && !input.isDemo) return { refused: 'USER_NOT_FOUND' };
  const account = existing ?? createAccount(services, input.email, request);
  if (account.status !== 'active') return { refused: 'USER_INACTIVE' };
  const user = verifiedUser(services, account, request);
  if (input.isDemo) audit.record({ type: 'email_demo_used', userId: user.id, deviceId: input.sighting.id }, request);
  return { user };
}

/** A new account with no password (it can set one later), named after the email's local part. */
function createAccount(services: Services, email: string, request: RequestInfo): UserRow {
  const now = services.clock.now();
  const name = email.slice(0, email.lastIndexOf('@')).slice(0, 100) || email.slice(0, 100);
  const user = insertUser(services.db, {
    uuid: randomUUID(),
    email,
    name,
    passwordHash: null,
    emailVerifiedAt: now,
    now,
  });
  // The transaction is immediate, so nobody can have taken the email since we looked.
  if (!user) throw new Error('email taken during sign-in');
  services.audit.record({ type: 'user_registered', userId: user.id, details: { method: 'email_code' } }, request);
  return user;
}

/** Reading the code proved the mailbox is theirs. */
function verifiedUser(services: Services, user: UserRow, request: RequestInfo): UserRow {
  if (user.email_verified_at !== null) return user;
  const now = services.clock.now();
  stmt(
    services.db,
    'UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ? AND email_verified_at IS NULL',
  ).run(now, now, user.id);
  services.audit.record({ type: 'email_verified', userId: user.id, details: { method: 'email_code' } }, request);
  return findUserById(services.db, user.id)!;
}
