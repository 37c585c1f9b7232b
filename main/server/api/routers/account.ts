// account.*: the signed-in user's own profile, password and deletion.
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
import { authedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  me: authedProcedure.query(({ ctx }) => signedInUser(ctx)),
  updateName: authedProcedure.input(updateNameInput).mutation(({ ctx, input }) => updateName(ctx, input.name)),
  setPassword: authedProcedure
    .input(setPasswordInput)
    .mutation(({ ctx, input }) => setPassword(ctx, input.newPassword)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx, input)),
  delete: authedProcedure.input(deleteAccountInput).mutation(({ ctx }) => {
    requireRecentAuth(ctx);
    deleteUser(ctx.services, ctx.auth.user.id, ctx.request, 'self');
    return { deleted: true as const };
  }),
});
