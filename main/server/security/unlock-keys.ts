// The throttle keys an admin unlock clears: every counter that can lock a user out of signing in.
import type { UserRow } from '../accounts/users.ts';
import { emailCodeThrottleKey } from '../email/code-events.ts';
import { secondFactorThrottleKey } from '../totp/second-factor-check.ts';
import { accountThrottleKey } from './sign-in-throttle.ts';

export const unlockKeys = (user: UserRow): string[] => [
  accountThrottleKey(user.email_normalized),
  emailCodeThrottleKey(user.email_normalized),
  secondFactorThrottleKey(user.id),
];
