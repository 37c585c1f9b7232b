// Zod descriptions of what the REST routes return, for the OpenAPI document only. The compile-time
// checks at the bottom tie each one to its type in shared/types.ts, so the two cannot drift.
import * as z from 'zod';
import { ERROR_CODES } from '../../../shared/errors.ts';
import type {
  AuthResult,
  CaptchaChallenge,
  PublicDevice,
  PublicSession,
  EmailCodeSent,
  PublicUser,
  RecoveryCodes,
  SecondFactorChallenge,
  Tokens,
  TotpEnrollment,
} from '../../../shared/types.ts';

// The sign-in result shapes live in shared/ (procedures declare them as their output).
export {
  authResult,
  iso,
  publicDevice,
  publicSession,
  publicUser,
  secondFactorChallenge,
  signInResult,
  tokens,
} from '../../../shared/sign-in-result.ts';
import { iso } from '../../../shared/sign-in-result.ts';
import type {
  authResult,
  publicDevice,
  publicSession,
  publicUser,
  secondFactorChallenge,
  tokens,
} from '../../../shared/sign-in-result.ts';

export const emailCodeSent = z.object({
  email: z.string(),
  expiresIn: z.number().int(),
  resendAfter: z.number().int(),
});
export const captchaChallenge = z.object({
  captchaId: z.string(),
  svg: z.string().meta({ description: 'An SVG image; its text answers captchaAnswer' }),
  expiresIn: z.number().int(),
});
export const totpEnrollment = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const totpDisabled = z.object({ disabled: z.literal(true) });
export const revoked = z.object({ revokedSessions: z.number().int() });
export const deleted = z.object({ deleted: z.literal(true) });
export const jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string() })) });
export const health = z.object({ status: z.literal('ok'), time: iso });

export const apiError = z.object({
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  details: z.record(z.string(), z.string()).optional(),
  retryAfter: z.number().optional(),
});

// Exact equality (optional and readonly properties included), not mere mutual assignability.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <T extends true>(value: T): T => value;
export const TYPE_CHECKS = [
  same<Same<z.infer<typeof publicUser>, PublicUser>>(true),
  same<Same<z.infer<typeof publicDevice>, PublicDevice>>(true),
  same<Same<z.infer<typeof publicSession>, PublicSession>>(true),
  same<Same<z.infer<typeof tokens>, Tokens>>(true),
  same<Same<z.infer<typeof authResult>, AuthResult>>(true),
  same<Same<z.infer<typeof secondFactorChallenge>, SecondFactorChallenge>>(true),
  same<Same<z.infer<typeof emailCodeSent>, EmailCodeSent>>(true),
  same<Same<z.infer<typeof captchaChallenge>, CaptchaChallenge>>(true),
  same<Same<z.infer<typeof totpEnrollment>, TotpEnrollment>>(true),
  same<Same<z.infer<typeof recoveryCodes>, RecoveryCodes>>(true),
];
