// Passkeys: signing in (or answering the second factor) with one, and managing the user's own.
import type { LatchkeyClient } from './client-interface.ts';
import { segment, signIn, type ClientContext } from './client-context.ts';

export type PasskeyMethods = Pick<LatchkeyClient, 'passkeyOptions' | 'verifyPasskey' | 'passkeys'>;

export function passkeyMethods(context: ClientContext): PasskeyMethods {
  const { transport, session } = context;
  return {
    passkeyOptions: (input = {}) => transport({ method: 'POST', path: '/v1/auth/passkey/options', body: input }),
    verifyPasskey: (input) => signIn(context, '/v1/auth/passkey/verify', input),
    passkeys: {
      registrationOptions: () => session.authed({ method: 'POST', path: '/v1/me/passkeys/options' }),
      register: (input) => session.authed({ method: 'POST', path: '/v1/me/passkeys', body: input }),
      list: () => session.authed({ method: 'GET', path: '/v1/me/passkeys' }),
      rename: (id, name) => session.authed({ method: 'PATCH', path: `/v1/me/passkeys/${segment(id)}`, body: { name } }),
      delete: (id) => session.authed({ method: 'DELETE', path: `/v1/me/passkeys/${segment(id)}` }),
    },
  };
}
