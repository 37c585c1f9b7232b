// The user fields the TOTP feature adds to every public user: `totpEnabled`, and while it is on,
// `recoveryCodesRemaining`.
import type { Db } from '../db/open.ts';
import type { UserExtras } from '../services.ts';
import { hasActiveFactor } from './factors.ts';
import { remainingRecoveryCodes } from './recovery-codes.ts';

export const totpUserExtras = (db: Db, userId: number): UserExtras =>
  hasActiveFactor(db, userId)
    ? { totpEnabled: true, recoveryCodesRemaining: remainingRecoveryCodes(db, userId) }
    : { totpEnabled: false };
