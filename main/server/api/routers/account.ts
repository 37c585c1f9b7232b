// account.*: the signed-in user's own profile, email address, password and deletion.
import {
  changePasswordInput,
  confirmEmailChangeInput,
  deleteAccountInput,
  requestEmailChangeInput,
  setPasswordInput,
  updateNameInput,
} from '../../../../shared/schemas.ts';
import {
  changePassword,
  deleteUser,
  requireRecentAuth,
  setPassword,
  signedInUser,
  updateName,
} from '../../accounts/manage.ts';
import { confirmEmailChange, requestEmailChange } from '../../accounts/email-change.ts';
import {
  deletedSchema,
  emailChangedSchema,
  emailChangeRequestedSchema,
  passwordChangedSchema,
  publicUserSchema,
} from '../../../../shared/outputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import type { HttpMethod } from '../meta.ts';

const rest = (method: HttpMethod, summary: string) => ({ rest: { method, path: '/v1/me', summary, tag: 'account' } });

export const accountRouter = router({
  me: authedProcedure
    .output(publicUserSchema)
    .meta(rest('GET', 'The signed-in user'))
    .query(({ ctx }) => signedInUser(ctx)),
  updateName: authedProcedure
    .input(updateNameInput)
    .output(publicUserSchema)
    .meta(rest('PATCH', 'Change your name'))
    .mutation(({ ctx, input }) => updateName(ctx, input.name)),
  /** Needs a recent sign-in; mails a code to the new address and a notice to the old one. */
  requestEmailChange: authedProcedure
    .input(requestEmailChangeInput)
    .output(emailChangeRequestedSchema)
    .meta({
      rest: { method: 'POST', path: '/v1/me/email', summary: 'Mail a code to a new email address', tag: 'account' },
    })
    .mutation(({ ctx, input }) => requestEmailChange(ctx, input.newEmail)),
  confirmEmailChange: authedProcedure
    .input(confirmEmailChangeInput)
    .output(emailChangedSchema)
    .meta({
      rest: {
        method: 'POST',
        path: '/v1/me/email/confirm',
        summary: 'Change your email with the mailed code',
        tag: 'account',
      },
    })
    .mutation(({ ctx, input }) => confirmEmailChange(ctx, input.code)),
  setPassword: authedProcedure
    .input(setPasswordInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setPassword(ctx, input.newPassword)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(passwordChangedSchema)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
  delete: authedProcedure
    .input(deleteAccountInput)
    .output(deletedSchema)
    .meta(rest('DELETE', 'Delete your account (needs a recent sign-in)'))
    .mutation(({ ctx }) => {
      requireRecentAuth(ctx);
      deleteUser(ctx.services, ctx.auth.user.id, ctx.request, 'self');
      return { deleted: true as const };
    }),
});
