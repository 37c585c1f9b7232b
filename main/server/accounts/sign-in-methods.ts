// auth.methods: which ways in this server offers, so screens and clients show only those. Read at
// every call: dev mode may change the running config.
import type { AuthMethods } from '../../../shared/schemas.ts';
import type { Services } from '../services.ts';
import { relyingParty } from '../passkeys/relying-party.ts';

export function signInMethods(services: Pick<Services, 'config' | 'mail'>): AuthMethods {
  return {
    password: true,
    emailCode: services.mail !== undefined,
    totp: true,
    registration: services.config.registration.open,
    passwordReset: services.mail !== undefined,
    deviceSignIn: services.config.deviceSignIn.enabled,
    magicLink: services.mail !== undefined && services.config.magicLink.enabled,
    passkey: relyingParty(services) !== undefined,
  };
}
