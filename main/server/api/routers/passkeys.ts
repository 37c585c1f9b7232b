// passkeys.*: the signed-in user's passkeys (docs/security.md R76). Signing in with one is
// auth.passkeyOptions / auth.verifyPasskey.
import {
  passkeyDeletedSchema,
  passkeyIdInput,
  passkeyListSchema,
  passkeyRegistrationOptionsSchema,
  publicPasskeySchema,
  registerPasskeyInput,
  renamePasskeyInput,
} from '../../../../shared/passkeys.ts';
import { deleteOwnPasskey, listOwnPasskeys, renameOwnPasskey } from '../../passkeys/manage.ts';
import { passkeyRegistrationOptions, registerPasskey } from '../../passkeys/registration.ts';
import { authedProcedure, router } from '../trpc.ts';
import type { HttpMethod } from '../meta.ts';

const rest = (method: HttpMethod, path: string, summary: string) => ({
  auth: true,
  rest: { method, path, summary, tag: 'passkeys' },
});

export const passkeysRouter = router({
  /** Options for navigator.credentials.create(); needs a recent sign-in. */
  registrationOptions: authedProcedure
    .output(passkeyRegistrationOptionsSchema)
    .meta(rest('POST', '/v1/me/passkeys/options', 'Options to add a passkey'))
    .mutation(({ ctx }) => passkeyRegistrationOptions(ctx)),
  register: authedProcedure
    .input(registerPasskeyInput)
    .output(publicPasskeySchema)
    .meta(rest('POST', '/v1/me/passkeys', 'Add a passkey (needs a recent sign-in)'))
    .mutation(({ ctx, input }) => registerPasskey(ctx, input)),
  list: authedProcedure
    .output(passkeyListSchema)
    .meta(rest('GET', '/v1/me/passkeys', 'Your passkeys'))
    .query(({ ctx }) => listOwnPasskeys(ctx)),
  rename: authedProcedure
    .input(renamePasskeyInput)
    .output(publicPasskeySchema)
    .meta(rest('PATCH', '/v1/me/passkeys/:id', 'Rename a passkey'))
    .mutation(({ ctx, input }) => renameOwnPasskey(ctx, input.id, input.name)),
  delete: authedProcedure
    .input(passkeyIdInput)
    .output(passkeyDeletedSchema)
    .meta(rest('DELETE', '/v1/me/passkeys/:id', 'Delete a passkey'))
    .mutation(({ ctx, input }) => deleteOwnPasskey(ctx, input.id)),
});
