// The counters a sign-in attempt is charged to: the account (by normalized email, known or not),
// and the source — address over HTTP, device id where one was sent.
import type { RequestInfo } from '../api/context.ts';
import type { Services } from '../services.ts';
import type { ThrottleRule } from './throttle.ts';

export const accountThrottleKey = (normalizedEmail: string): string => `acct:${normalizedEmail}`;

export function signInThrottleRules(
  services: Services,
  normalizedEmail: string,
  request: RequestInfo,
  deviceId: string | undefined,
): ThrottleRule[] {
  const { threshold, sourceThreshold } = services.config.lockout;
  const rules: ThrottleRule[] = [{ key: accountThrottleKey(normalizedEmail), threshold }];
  if (request.ipAddress) rules.push({ key: `ip:${request.ipAddress}`, threshold: sourceThreshold });
  if (deviceId) rules.push({ key: `dev:${deviceId}`, threshold: sourceThreshold });
  return rules;
}
