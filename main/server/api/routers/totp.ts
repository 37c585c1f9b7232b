// totp.*: the signed-in user's authenticator app and recovery codes (docs/architecture.md, docs/security.md).
import { beginTotpEnrollmentInput, secondFactorProofInput, totpCodeInput } from '../../../../shared/schemas.ts';
import { beginEnrollment, confirmEnrollment } from '../../totp/enrollment.ts';
import { disableTotp, regenerateRecoveryCodes } from '../../totp/manage.ts';
import { authedProcedure, router } from '../trpc.ts';

export const totpRouter = router({
  beginEnrollment: authedProcedure
    .input(beginTotpEnrollmentInput)
    .mutation(({ ctx, input }) => beginEnrollment(ctx, input ?? {})),
  confirmEnrollment: authedProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) => confirmEnrollment(ctx, input.code)),
  disable: authedProcedure.input(secondFactorProofInput).mutation(({ ctx, input }) => disableTotp(ctx, input)),
  regenerateRecoveryCodes: authedProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx, input.code)),
});
