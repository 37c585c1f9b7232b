// auth.describeMagicLink: what the landing page shows before it signs anyone in (docs/security.md
// R74): the account, the device that asked, from which address and when. It does not use the
// link up. `sameBrowser` says the nonce the asking browser kept matches: the page may then skip
// the "was this you?" question; opened anywhere else, it asks.
import type { MagicLinkDescription } from '../../../shared/magic-link.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { toIso } from '../clock.ts';
import { constantTimeEqual } from '../crypto/random.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { hashNonce } from './links.ts';
import { linkRefusal, openLink } from './open-link.ts';
import { allowedRedirect } from './redirect.ts';

export function describeMagicLink(
  services: Services,
  input: { token: string; nonce?: string | undefined },
  request: RequestInfo,
): MagicLinkDescription {
  const sighting = deviceSighting(request, undefined);
  const lookup = services.db
    .transaction(() => openLink(services, { token: input.token, request, sighting, step: 'describe' }))
    .immediate();
  if (!('link' in lookup)) throw linkRefusal(lookup);
  const { link } = lookup;
  const sameBrowser =
    input.nonce !== undefined &&
    link.nonce_hash !== null &&
    constantTimeEqual(hashNonce(services, input.nonce), link.nonce_hash);
  // Checked again: the allowlist may have changed since the link was sent.
  const redirectTo =
    link.redirect_to === null
      ? null
      : (allowedRedirect(services.config.magicLink, request.origin, link.redirect_to) ?? null);
  return {
    email: link.email,
    requestedAt: toIso(link.created_at),
    expiresAt: toIso(link.expires_at),
    device: { name: link.device_name, platform: link.platform, ipAddress: link.ip_address },
    sameBrowser,
    redirectTo,
  };
}
