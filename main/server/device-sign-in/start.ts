// auth.startDeviceSignIn: a kiosk asks to be signed in from a phone (RFC 8628 §3.1–3.2). Capped
// per address like the other unauthenticated requests that store a row (docs/security.md R38).
import { formatUserCode, type DeviceSignInStarted } from '../../../shared/device-sign-in.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { admitRequest } from '../security/request-caps.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { insertDeviceCode } from './store.ts';

export function startDeviceSignIn(
  services: Services,
  input: { device?: DeviceInput | undefined },
  request: RequestInfo,
): DeviceSignInStarted {
  const { db, clock, config, audit } = services;
  const settings = config.deviceSignIn;
  if (!settings.enabled) throw new AuthError('FORBIDDEN', { reason: 'device_sign_in_off' });
  admitRequest(services, 'deviceCode', request);
  const sighting = deviceSighting(request, input.device);
  const now = clock.now();
  const codes = db
    .transaction(() => {
      const issued = insertDeviceCode(services, {
        sighting,
        now,
        ttlMs: settings.codeTtlSeconds * 1000,
        intervalSeconds: settings.intervalSeconds,
      });
      audit.record(
        { type: 'device_sign_in_started', deviceId: sighting.id, details: { platform: sighting.platform ?? null } },
        request,
      );
      return issued;
    })
    .immediate();
  const userCode = formatUserCode(codes.userCode);
  const verificationUri = verificationPage(services, request);
  return {
    deviceCode: codes.deviceCode,
    userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?code=${userCode}`,
    expiresIn: settings.codeTtlSeconds,
    interval: settings.intervalSeconds,
  };
}

/**
 * The phone's page: as configured, or on the origin the kiosk reached us at. That origin's Host
 * header has passed the HTTP server's allowlist (docs/security.md R58), so a forged one never
 * gets this far.
 */
function verificationPage(services: Services, request: RequestInfo): string {
  const configured = services.config.deviceSignIn.verificationUri;
  if (configured) return configured;
  const origin = request.origin ?? `http://127.0.0.1:${services.config.http.port}`;
  return `${origin}/device`;
}
