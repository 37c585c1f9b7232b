// The counters a sign-in attempt is charged to. The account (by normalized email, known or not)
// is shared by every factor (docs/security.md R42); the source is the address over HTTP and the device
// where its id can be believed: the one main vouches for over IPC, or the one a client names
// together with its address. A device id alone is client-chosen and readable from any access
// token (`did`), so keying on it would let anyone lock a kiosk out from elsewhere.
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { ThrottleRule } from './throttle.ts';

export const accountThrottleKey = (normalizedEmail: string): string => `acct:${normalizedEmail}`;

/** The account's shared failure counter: every factor's failures count here. */
export function accountThrottleRule(services: Services, normalizedEmail: string, gates = true): ThrottleRule {
  return { key: accountThrottleKey(normalizedEmail), threshold: services.config.lockout.threshold, gates };
}

/** The device's counter key, or undefined when nothing vouches for the id. */
export function deviceThrottleKey(request: RequestInfo, deviceId: string | undefined): string | undefined {
  if (!deviceId) return undefined;
  if (request.deviceFromTransport) return `dev:${deviceId}`;
  if (request.ipAddress) return `dev:${deviceId}@${request.ipAddress}`;
  return undefined;
}

export function signInThrottleRules(
  services: Services,
  normalizedEmail: string,
  request: RequestInfo,
  deviceId: string | undefined,
): ThrottleRule[] {
  return [accountThrottleRule(services, normalizedEmail), ...sourceThrottleRules(services, request, deviceId)];
}

/** The source's counters alone: the address and the device, for a sign-in that names no account (a passkey). */
export function sourceThrottleRules(
  services: Services,
  request: RequestInfo,
  deviceId: string | undefined,
): ThrottleRule[] {
  const { sourceThreshold } = services.config.lockout;
  const rules: ThrottleRule[] = [];
  // limits.perAddress: false (a loopback benchmark, every client 127.0.0.1) drops the address key.
  if (request.ipAddress && services.config.limits.perAddress)
    rules.push({ key: `ip:${request.ipAddress}`, threshold: sourceThreshold });
  const deviceKey = deviceThrottleKey(request, deviceId);
  if (deviceKey) rules.push({ key: deviceKey, threshold: sourceThreshold });
  return rules;
}
