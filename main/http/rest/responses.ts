// Zod descriptions of what the REST routes return, for the OpenAPI document only. The compile-time
// checks at the bottom tie each one to its type in shared/types.ts, so the two cannot drift.
import * as z from 'zod';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { PLATFORMS, USER_ROLES, USER_STATUSES } from '../../../shared/schemas.ts';
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

const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

export const publicUser = z.object({
  id: z.number().int(),
  uuid: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  emailVerified: z.boolean(),
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  recoveryCodesRemaining: z.number().int().optional(),
  orgId: z.string().nullable(),
  createdAt: iso,
});

export const publicDevice = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS).nullable(),
  name: z.string().nullable(),
  osVersion: z.string().nullable(),
  appVersion: z.string().nullable(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: iso,
  lastSeenAt: iso,
  trustedUntil: iso.nullable(),
  current: z.boolean(),
});

export const publicSession = z.object({
  id: z.string(),
  deviceId: z.string(),
  amr: z.array(z.string()),
  aal: z.number().int(),
  authTime: iso,
  createdAt: iso,
  lastActiveAt: iso,
  expiresAt: iso,
  current: z.boolean(),
});

export const tokens = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  accessTokenExpiresAt: iso,
  refreshToken: z.string(),
  refreshTokenExpiresAt: iso,
  idToken: z.string(),
  tokenId: z.string(),
  deviceTrustToken: z
    .string()
    .optional()
    .meta({
      description:
        'Only after auth.verifySecondFactor with trustDevice: true. Shown once: send it as X-Device-Trust ' +
        '(or device.trustToken) on later sign-ins from this device to skip the second factor until trustedUntil.',
    }),
});

export const authResult = z.object({
  requires2fa: z.literal(false),
  user: publicUser,
  device: publicDevice,
  session: publicSession,
  tokens,
});

export const secondFactorChallenge = z.object({
  requires2fa: z.literal(true),
  challenge: z.object({
    token: z.string(),
    expiresIn: z.number().int(),
    methods: z.array(z.enum(['totp', 'recovery_code', 'passkey'])),
  }),
});

export const signInResult = z.union([authResult, secondFactorChallenge]);
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
