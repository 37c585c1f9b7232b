// auth.verifyEmailCode: a right code signs in (amr `otp`, RFC 8176), through the same second-factor
// gate and session opening as a password. A verified code proves the mailbox, so the email is
// marked verified; an unknown email becomes an account without a password when auto-registration
// is on. Every other outcome answers CODE_INVALID unless revealAccountState asks for detail.
import { randomUUID } from 'node:crypto';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../api/context.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { constantTimeEqual } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { findUserByEmail, findUserById, insertUser, type UserRow } from '../accounts/users.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { completeSignIn } from '../sessions/sign-in.ts';
import { checkEmailCode } from './check-code.ts';
import { demoCodeFor } from './demo-accounts.ts';

export interface VerifyCodeInput {
  email: string;
  code: string;
  device?: DeviceInput | undefined;
}

export async function emailCodeSignIn(
  services: Services,
  input: VerifyCodeInput,
  request: RequestInfo,
): Promise<SignInResult> {
  const { config, audit } = services;
  const sighting = deviceSighting(request, input.device);
  const existing = findUserByEmail(services.db, input.email);
  const demoCode = demoCodeFor(config, input.email);
  const isDemo = demoCode !== undefined && constantTimeEqual(Buffer.from(input.code), Buffer.from(demoCode));
  if (!isDemo) {
    checkEmailCode(services, {
      email: input.email,
      purpose: 'login',
      code: input.code,
      request,
      sighting,
      userId: existing?.id,
    });
  }

  const reveal = config.revealAccountState;
  if (!existing && !config.email.autoRegister && !isDemo)
    throw new AuthError(reveal ? 'USER_NOT_FOUND' : 'CODE_INVALID');
  const account = existing ?? createAccount(services, input.email, request);
  if (account.status !== 'active') throw new AuthError(reveal ? 'USER_INACTIVE' : 'CODE_INVALID');
  const user = verifiedUser(services, account, request);
  if (isDemo) audit.record({ type: 'email_demo_used', userId: user.id, deviceId: sighting.id }, request);
  audit.record(
    { type: 'login_succeeded', userId: user.id, details: { method: isDemo ? 'demo_code' : 'email_code' } },
    request,
  );
  return completeSignIn(services, { user, sighting, amr: ['otp'], request });
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
  // A parallel sign-in may have created it first; then it is simply the account.
  if (!user) return findUserByEmail(services.db, email)!;
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
