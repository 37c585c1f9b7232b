// account.*: the signed-in user's own profile, email address, password and deletion.
import {
  confirmEmailChangeInput,
  emailChangedSchema,
  emailChangeRequestedSchema,
  requestEmailChangeInput,
} from '../../../../shared/email-change.ts';
import {
  changePasswordInput,
  deleteAccountInput,
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
import { authedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  me: authedProcedure.query(({ ctx }) => signedInUser(ctx)),
  updateName: authedProcedure.input(updateNameInput).mutation(({ ctx, input }) => updateName(ctx, input.name)),
  setPassword: authedProcedure
    .input(setPasswordInput)
    .mutation(({ ctx, input }) => setPassword(ctx, input.newPassword)),
  /** Needs a recent sign-in; mails a code to the new address and a notice to the old one. */
  requestEmailChange: authedProcedure
    .input(requestEmailChangeInput)
    .output(emailChangeRequestedSchema)
    .mutation(({ ctx, input }) => requestEmailChange(ctx, input.newEmail)),
  confirmEmailChange: authedProcedure
    .input(confirmEmailChangeInput)
    .output(emailChangedSchema)
    .mutation(({ ctx, input }) => confirmEmailChange(ctx, input.code)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx, input)),
  delete: authedProcedure.input(deleteAccountInput).mutation(({ ctx }) => {
    requireRecentAuth(ctx);
    deleteUser(ctx.services, ctx.auth.user.id, ctx.request, 'self');
    return { deleted: true as const };
  }),
});
