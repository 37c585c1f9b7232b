// What every procedure returns (docs/architecture.md): the one description of each shape. The
// router validates its answers with these (`.output()`), the OpenAPI document is generated from
// them, and shared/types.ts infers the TypeScript types from them. Public objects never carry
// hashes, secrets or internal columns: every field here is deliberate.
import * as z from 'zod';
import { ERROR_CODES } from './errors.ts';
import { CAPTCHA_POLICIES, PLATFORMS, USER_ROLES, USER_STATUSES } from './schemas.ts';

const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

export const publicUserSchema = z.object({
  id: z.number().int(),
  uuid: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  emailVerified: z.boolean(),
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  /** Unused recovery codes; present only while TOTP is enabled. */
  recoveryCodesRemaining: z.number().int().optional(),
  orgId: z.string().nullable(),
  createdAt: iso,
});

export const publicDeviceSchema = z.object({
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

export const publicSessionSchema = z.object({
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

export const tokensSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  accessTokenExpiresAt: iso,
  refreshToken: z.string(),
  refreshTokenExpiresAt: iso,
  idToken: z.string(),
  tokenId: z.string(),
  /**
   * Only when the sign-in asked to trust its device (`trustDevice: true`): the secret that device
   * presents as `device.trustToken` to skip the second factor until `device.trustedUntil`. Shown
   * once; the server keeps only its SHA-256.
   */
  deviceTrustToken: z
    .string()
    .optional()
    .meta({
      description:
        'Only after auth.verifySecondFactor with trustDevice: true. Shown once: send it as X-Device-Trust ' +
        '(or device.trustToken) on later sign-ins from this device to skip the second factor until trustedUntil.',
    }),
});

export const authResultSchema = z.object({
  requires2fa: z.literal(false),
  user: publicUserSchema,
  device: publicDeviceSchema,
  session: publicSessionSchema,
  tokens: tokensSchema,
});

export const secondFactorChallengeSchema = z.object({
  requires2fa: z.literal(true),
  challenge: z.object({
    token: z.string(),
    expiresIn: z.number().int(),
    methods: z.array(z.enum(['totp', 'recovery_code', 'passkey'])),
  }),
});

export const signInResultSchema = z.union([authResultSchema, secondFactorChallengeSchema]);

/** What `totp.beginEnrollment` returns: the secret three ways (text, URI, QR code as SVG). */
export const totpEnrollmentSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });

/** Shown once, when TOTP is confirmed or the codes are regenerated. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** auth.requestEmailCode: identical for known and unknown emails. Times in seconds. */
export const emailCodeSentSchema = z.object({
  email: z.string(),
  expiresIn: z.number().int(),
  resendAfter: z.number().int(),
});

/** admin.users.resetPassword: the code went by mail, or (`print`) is handed over here, once. */
export const passwordResetStartedSchema = z.union([
  z.object({ delivery: z.literal('mail'), email: z.string(), expiresIn: z.number().int() }),
  z.object({ delivery: z.literal('printed'), email: z.string(), expiresIn: z.number().int(), code: z.string() }),
]);

/** auth.requestCaptcha: an SVG image whose text answers `captchaAnswer`. */
export const captchaChallengeSchema = z.object({
  captchaId: z.string(),
  svg: z.string().meta({ description: 'An SVG image; its text answers captchaAnswer' }),
  expiresIn: z.number().int(),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  at: iso,
  type: z.string(),
  userId: z.number().int().nullable(),
  sessionId: z.string().nullable(),
  deviceId: z.string().nullable(),
  transport: z.string().nullable(),
  ipAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** admin.audit.verify: whether the audit log's hash chain holds, or the first row that breaks it. */
export const auditChainVerdictSchema = z.union([
  z.object({
    ok: z.literal(true),
    checked: z.number().int(),
    headId: z.number().int().nullable(),
    prunedThrough: z.number().int().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    firstBadId: z.number().int(),
    /** not_sealed: no hashes; identity_changed: who/where edited; chain_broken: content edited or rows removed. */
    reason: z.enum(['not_sealed', 'identity_changed', 'chain_broken']),
    checked: z.number().int(),
  }),
]);

// Small answers of one or two fields.
export const revokedSchema = z.object({ revokedSessions: z.number().int() });
export const deletedSchema = z.object({ deleted: z.literal(true) });
export const totpDisabledSchema = z.object({ disabled: z.literal(true) });
export const passwordChangedSchema = z.object({ user: publicUserSchema, revokedSessions: z.number().int() });
export const userUnlockedSchema = z.object({ unlocked: z.literal(true) });
export const keyRotatedSchema = z.object({ kid: z.string() });
export const userListSchema = z.object({ users: z.array(publicUserSchema), total: z.number().int() });
/** admin.sessions.list: a session as its owner sees it, plus whose it is. */
export const adminSessionSchema = publicSessionSchema.extend({ userId: z.number().int() });
/** keys.jwks: a JSON Web Key Set; each key keeps every member the signer published. */
export const jwksSchema = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string(),
      alg: z.string(),
      use: z.string().optional(),
      crv: z.string().optional(),
      x: z.string().optional(),
    }),
  ),
});
export const healthSchema = z.object({ status: z.literal('ok'), time: iso });

/** The error object of the contract (`error` in the REST envelope, `error.data.error` over tRPC). */
export const apiErrorSchema = z.object({
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  details: z.record(z.string(), z.string()).optional(),
  retryAfter: z.number().optional(),
});

/** Dev mode: a message of the outbox, with the one-time code it carries (null for a notice). */
export const devMailMessageSchema = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  code: z.string().nullable(),
  /** What the message is for (`login`, `reset_password`, `magic_link`…), or null. */
  purpose: z.string().nullable(),
  /** The magic link a `magic_link` message carries, or null. */
  link: z.string().nullable(),
  createdAt: z.string().meta({ format: 'date-time' }),
});

/** Whether main may keep a sign-in across restarts, and if not, why (docs/security.md R40). */
export const rememberMeStateSchema = z.union([
  z.object({ enabled: z.boolean(), available: z.literal(true) }),
  z.object({
    enabled: z.boolean(),
    available: z.literal(false),
    /** `basic_text` (Linux without a keyring) or `no_key_store`. */
    reason: z.enum(['no_key_store', 'basic_text']),
    message: z.string(),
  }),
]);

/** app.state (Electron only): the accounts main holds for this window, never their tokens. */
export const appSessionStateSchema = z.object({
  activeUserId: z.number().int().nullable(),
  accounts: z.array(
    z.object({
      user: publicUserSchema,
      device: publicDeviceSchema,
      session: publicSessionSchema,
      remembered: z.boolean(),
    }),
  ),
  rememberMe: rememberMeStateSchema,
});

// Changing the email address (docs/security.md R75).
export const emailChangeRequestedSchema = z.object({
  /** The new address, as typed: the code went there. */
  newEmail: z.string(),
  /** Seconds the code stays valid. */
  expiresIn: z.number().int(),
  /** Seconds before another code can be asked for. */
  resendAfter: z.number().int(),
});

export const emailChangedSchema = z.object({
  /** The account's address now, marked verified. */
  email: z.string(),
  emailVerified: z.literal(true),
});

export const emailChangeReportedSchema = z.object({
  /** The account is locked until an admin unlocks it; every session of it has ended. */
  locked: z.literal(true),
});

// Dev mode's answers (dev.*, docs/testing.md).
export const devClockSchema = z.object({ now: z.string().meta({ format: 'date-time' }) });

export const devOutboxSchema = z.object({ messages: z.array(devMailMessageSchema) });

export const devCaptchaAnswerSchema = z.object({ answer: z.string() });

export const devConfigSchema = z.object({
  autoRegister: z.boolean(),
  captchaPolicy: z.enum(CAPTCHA_POLICIES),
});

export const devResetSchema = z.object({ reset: z.literal(true), tables: z.array(z.string()) });

export const devSeededUserSchema = z.object({
  user: publicUserSchema,
  totp: z.looseObject({ secret: z.string(), recoveryCodes: z.array(z.string()).optional() }).optional(),
});
