// Magic-link sign-in: ask for a link by email, show who asked for it, then sign in with it.
import type { LatchkeyClient } from './client-interface.ts';
import { postWithDevice, signIn, type ClientContext } from './client-context.ts';

export type MagicLinkMethods = Pick<LatchkeyClient, 'requestMagicLink' | 'describeMagicLink' | 'verifyMagicLink'>;

export function magicLinkMethods(context: ClientContext): MagicLinkMethods {
  return {
    requestMagicLink: (input) => postWithDevice(context, '/v1/auth/magic-link', input),
    describeMagicLink: (input) =>
      context.transport({ method: 'POST', path: '/v1/auth/magic-link/describe', body: input }),
    verifyMagicLink: (input) => signIn(context, '/v1/auth/magic-link/verify', input),
  };
}
