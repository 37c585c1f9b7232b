// The authenticator-app second factor: enrol, confirm with a first code, disable.
import type { LatchkeyClient } from './client-interface.ts';
import type { ClientContext } from './client-context.ts';

export type TotpMethods = Pick<LatchkeyClient, 'totp'>;

export function totpMethods({ session }: ClientContext): TotpMethods {
  return {
    totp: {
      beginEnrollment: (proof) => session.authed({ method: 'POST', path: '/v1/me/totp', body: proof }),
      confirmEnrollment: (code) => session.authed({ method: 'POST', path: '/v1/me/totp/confirm', body: { code } }),
      disable: (proof) => session.authed({ method: 'DELETE', path: '/v1/me/totp', body: proof }),
    },
  };
}
