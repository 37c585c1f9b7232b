// Plugs the TOTP feature into a server's services: the sign-in gate, the `totpEnabled` and
// `recoveryCodesRemaining` user fields, admin unlock of the second-factor lock, and deletion of
// the lock's counter with the account.
import type { Services } from '../services.ts';
import { DELETE_USER_ROWS } from '../accounts/manage.ts';
// eslint-disable-next-line no-restricted-imports -- the registry goes with the static wiring that replaces it
import { UNLOCK_KEYS } from '../api/routers/admin.ts';
import { hasActiveFactor } from './factors.ts';
import { totpGate } from './gate.ts';
import { remainingRecoveryCodes } from './recovery-codes.ts';
import { secondFactorUnlockKey } from './second-factor-check.ts';

// Numbers bind as REAL, so the key is formatted as an integer explicitly.
const DELETE_LOCK_ROW = "DELETE FROM throttles WHERE key = printf('2fa:%d', @id)";

export function installTotp(services: Services): void {
  if (!UNLOCK_KEYS.includes(secondFactorUnlockKey)) UNLOCK_KEYS.push(secondFactorUnlockKey);
  if (!DELETE_USER_ROWS.includes(DELETE_LOCK_ROW)) DELETE_USER_ROWS.push(DELETE_LOCK_ROW);
  services.secondFactor = totpGate(services);
  services.userExtras = (userId) =>
    hasActiveFactor(services.db, userId)
      ? { totpEnabled: true, recoveryCodesRemaining: remainingRecoveryCodes(services.db, userId) }
      : { totpEnabled: false };
}
