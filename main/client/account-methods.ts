// The signed-in account: who it is, its name, its email address (changed with a code, reported
// when it was not the user), and deleting it.
import type { LatchkeyClient } from './client-interface.ts';
import type { ClientContext } from './client-context.ts';

export type AccountMethods = Pick<
  LatchkeyClient,
  'me' | 'updateName' | 'deleteAccount' | 'requestEmailChange' | 'confirmEmailChange' | 'reportEmailChange'
>;

export function accountMethods({ transport, session }: ClientContext): AccountMethods {
  return {
    me: () => session.authed({ method: 'GET', path: '/v1/me' }),
    updateName: (name) => session.authed({ method: 'PATCH', path: '/v1/me', body: { name } }),
    deleteAccount: async () => {
      const result = await session.authed<{ deleted: true }>({ method: 'DELETE', path: '/v1/me' });
      await session.clear();
      return result;
    },
    requestEmailChange: (input) =>
      session.authed({
        method: 'POST',
        path: '/v1/me/email',
        body: typeof input === 'string' ? { newEmail: input } : input,
      }),
    confirmEmailChange: (input) =>
      session.authed({
        method: 'POST',
        path: '/v1/me/email/confirm',
        body: typeof input === 'string' ? { code: input } : input,
      }),
    reportEmailChange: (input) =>
      transport({
        method: 'POST',
        path: '/v1/auth/email-change/report',
        body: typeof input === 'string' ? { token: input } : input,
      }),
  };
}
