// totp.*: the signed-in user's authenticator app and recovery codes (docs/architecture.md, docs/security.md).
import { beginTotpEnrollmentInput, secondFactorProofInput, totpCodeInput } from '../../../../shared/schemas.ts';
import { beginEnrollment, confirmEnrollment } from '../../totp/enrollment.ts';
import { disableTotp, regenerateRecoveryCodes } from '../../totp/manage.ts';
import { recoveryCodesSchema, totpDisabledSchema, totpEnrollmentSchema } from '../../../../shared/outputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import type { HttpMethod } from '../meta.ts';

const rest = (method: HttpMethod, path: string, summary: string) => ({ rest: { method, path, summary, tag: 'totp' } });

export const totpRouter = router({
  beginEnrollment: authedProcedure
    .input(beginTotpEnrollmentInput)
    .output(totpEnrollmentSchema)
    .meta(rest('POST', '/v1/me/totp', 'Start authenticator-app enrollment'))
    .mutation(({ ctx, input }) => beginEnrollment(ctx, input ?? {})),
  confirmEnrollment: authedProcedure
    .input(totpCodeInput)
    .output(recoveryCodesSchema)
    .meta(rest('POST', '/v1/me/totp/confirm', 'Confirm enrollment with a code'))
    .mutation(({ ctx, input }) => confirmEnrollment(ctx, input.code)),
  disable: authedProcedure
    .input(secondFactorProofInput)
    .output(totpDisabledSchema)
    .meta(rest('DELETE', '/v1/me/totp', 'Turn the authenticator app off (needs a code)'))
    .mutation(({ ctx, input }) => disableTotp(ctx, input)),
  regenerateRecoveryCodes: authedProcedure
    .input(totpCodeInput)
    .output(recoveryCodesSchema)
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx, input.code)),
});
