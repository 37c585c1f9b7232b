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

export const passkeysRouter = router({
  /** Options for navigator.credentials.create(); needs a recent sign-in. */
  registrationOptions: authedProcedure
    .output(passkeyRegistrationOptionsSchema)
    .mutation(({ ctx }) => passkeyRegistrationOptions(ctx)),
  register: authedProcedure
    .input(registerPasskeyInput)
    .output(publicPasskeySchema)
    .mutation(({ ctx, input }) => registerPasskey(ctx, input)),
  list: authedProcedure.output(passkeyListSchema).query(({ ctx }) => listOwnPasskeys(ctx)),
  rename: authedProcedure
    .input(renamePasskeyInput)
    .output(publicPasskeySchema)
    .mutation(({ ctx, input }) => renameOwnPasskey(ctx, input.id, input.name)),
  delete: authedProcedure
    .input(passkeyIdInput)
    .output(passkeyDeletedSchema)
    .mutation(({ ctx, input }) => deleteOwnPasskey(ctx, input.id)),
});
