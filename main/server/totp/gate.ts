// The second-factor gate every sign-in passes through (services.secondFactor). It looks only at
// whether the user has confirmed TOTP, never at how the first factor was passed, so password,
// email code and any later method are all gated alike (docs/security.md).
import type { RequestInfo } from '../request.ts';
import type { SecondFactorGate, Services } from '../services.ts';
import { hasActiveFactor } from './factors.ts';
import { issueChallenge } from './challenges.ts';
import { checkSecondFactor, type SecondFactorMethod } from './second-factor-check.ts';
import { checkTrust } from './trusted-devices.ts';
import { countPasskeys, passedWithPasskey } from '../passkeys/credentials.ts';
import { relyingParty } from '../passkeys/relying-party.ts';

/** The session's amr after a second factor: the first factor's, the method, and `mfa` (RFC 8176). */
export const withSecondFactor = (amr: readonly string[], method: SecondFactorMethod | 'hwk' | 'swk'): string[] => [
  ...new Set([...amr, method, 'mfa']),
];

const internalRequest: RequestInfo = { transport: 'internal', locale: 'en' };

/**
 * The gate for createAuthServer's services. It is built inside the services it reads, so it takes
 * them through `getServices()`, called only when a sign-in runs.
 */
export function totpGate(getServices: () => Services): SecondFactorGate {
  return {
    appliesTo: (userId) => hasActiveFactor(getServices().db, userId),
    async challenge({ user, device, sighting, amr, totpCode, request = internalRequest }) {
      const services = getServices();
      if (totpCode !== undefined) {
        // A code sent with the first factor (auth.login's totpCode) completes the sign-in at once.
        const method = await checkSecondFactor(services, user, { code: totpCode }, { request, purpose: 'sign_in' });
        return { amr: withSecondFactor(amr, method), aal: 2 };
      }
      const now = services.clock.now();
      // A trusted device skips the second factor only with its trust token, never by its id alone.
      const trust = checkTrust(device, sighting.trustToken ?? request.deviceTrustToken?.(user.id), now);
      if (trust === 'trusted') {
        services.audit.record(
          {
            type: 'second_factor_skipped',
            userId: user.id,
            deviceId: device.public_id,
            details: { reason: 'trusted' },
          },
          request,
        );
        return undefined;
      }
      // The log line and the challenge it names: one commit.
      return services.db
        .transaction(() => {
          services.audit.record(
            { type: 'second_factor_required', userId: user.id, deviceId: device.public_id, details: { trust } },
            request,
          );
          return issueChallenge(services.db, {
            userId: user.id,
            devicePk: device.pk,
            sighting,
            amr,
            now,
            ttlSeconds: services.config.totp.challengeTtlSeconds,
            passkey:
              relyingParty(services) !== undefined &&
              !passedWithPasskey(amr) &&
              countPasskeys(services.db, user.id) > 0,
          });
        })
        .immediate();
    },
  };
}
