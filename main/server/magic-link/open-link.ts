// Looking a presented token up, for describe and verify alike. A token is 256 bits, so guessing is
// hopeless; still, every miss is audited and counted against the source (address, and the device
// where its id can be believed), and a source with too many misses is refused for a while, like a
// wrong code. Failure writes commit before the error is thrown (R64).
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { AuthError } from '../errors.ts';
import { deviceThrottleKey } from '../security/sign-in-throttle.ts';
import { findLink, type LinkRow } from './links.ts';

export type LinkLookup = { link: LinkRow } | { refused: 'missing' | 'expired' } | { lockedFor: number };

function sourceKeys(services: Services, request: RequestInfo, sighting: DeviceSighting): string[] {
  const keys: string[] = [];
  if (request.ipAddress && services.config.limits.perAddress) keys.push(`magic-link:ip:${request.ipAddress}`);
  const device = deviceThrottleKey(request, sighting.id);
  if (device) keys.push(`magic-link:${device}`);
  return keys;
}

/** Run inside an immediate transaction: the live link, or the recorded reason there is none. */
export function openLink(
  services: Services,
  input: { token: string; request: RequestInfo; sighting: DeviceSighting; step: 'describe' | 'verify' },
): LinkLookup {
  const { throttle, audit, clock, config } = services;
  const keys = sourceKeys(services, input.request, input.sighting);
  const deviceId = input.sighting.id;
  const lockedFor = keys.length > 0 ? throttle.retryAfter(keys) : 0;
  if (lockedFor > 0) {
    audit.record({ type: 'magic_link_throttled', deviceId, details: { step: input.step } }, input.request);
    return { lockedFor };
  }
  const found = findLink(services, input.token, clock.now());
  if ('refused' in found) {
    audit.record(
      { type: 'magic_link_refused', deviceId, details: { step: input.step, reason: found.refused } },
      input.request,
    );
    throttle.recordFailure(keys.map((key) => ({ key, threshold: config.lockout.sourceThreshold })));
  }
  return found;
}

/** The contract error for a lookup that found no live link. */
export function linkRefusal(lookup: Exclude<LinkLookup, { link: LinkRow }>): AuthError {
  if ('lockedFor' in lookup) return new AuthError('RATE_LIMITED', { retryAfter: lookup.lockedFor, reason: 'locked' });
  return new AuthError('CODE_INVALID');
}
