// Who we are to an authenticator: the relying party id and the origins whose screens may ask for
// passkeys, from `passkeys.*`. Passkeys are on only when `methods.passkey` is and both are set.
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';

export interface RelyingParty {
  id: string;
  name: string;
  origins: string[];
}

export function relyingParty(services: Pick<Services, 'config'>): RelyingParty | undefined {
  const { config } = services;
  const { rpId, origins, rpName } = config.passkeys;
  if (!config.methods.passkey || !rpId || origins.length === 0) return undefined;
  return { id: rpId, name: rpName ?? config.appName, origins };
}

/** The relying party, or PASSKEY_NOT_CONFIGURED when passkeys are off. */
export function requireRelyingParty(services: Pick<Services, 'config'>): RelyingParty {
  const rp = relyingParty(services);
  if (!rp) throw new AuthError('PASSKEY_NOT_CONFIGURED');
  return rp;
}
