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
import { deletedSchema, passwordChangedSchema, publicUserSchema } from '../../../../shared/outputs.ts';
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
