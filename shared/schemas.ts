// Input schemas of every procedure (docs/architecture.md). Strict objects reject unknown keys (no mass
// assignment) and every string has an explicit length limit (docs/security.md R45). The server is the
// authority; the screens reuse these for live validation.
import * as z from 'zod';

export const PLATFORMS = ['ios', 'android', 'windows', 'macos', 'linux', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** Bytes, checked before any normalisation or hashing so a huge body cannot cost a KDF run. */
export const PASSWORD_MAX_BYTES = 1024;

const utf8 = new TextEncoder();

export const emailSchema = z.string().trim().max(254).pipe(z.email());

/** Sign-in accepts any password up to the byte cap: the policy applies when one is chosen. */
export const passwordInputSchema = z
  .string()
  .min(1)
  .refine((value) => utf8.encode(value).length <= PASSWORD_MAX_BYTES, { message: 'too_long' });

export const nameSchema = z.string().trim().min(1).max(100);
export const codeSchema = z.string().regex(/^\d{6}$/, 'code_format');
export const idSchema = z.string().min(1).max(128);

export const deviceInputSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[\w.:-]+$/)
    .optional(),
  platform: z.enum(PLATFORMS).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  osVersion: z.string().trim().max(64).optional(),
  appVersion: z.string().trim().max(64).optional(),
  fingerprint: z.string().trim().max(256).optional(),
  pushToken: z.string().trim().max(4096).optional(),
  locale: z.string().trim().max(35).optional(),
  /**
   * The secret this device received when it was trusted at the second factor (AuthResult
   * `tokens.deviceTrustToken`): the device id alone never skips the second factor.
   */
  trustToken: z
    .string()
    .max(128)
    .regex(/^[\w-]+$/)
    .optional(),
});
export type DeviceInput = z.infer<typeof deviceInputSchema>;

export const registerInput = z.strictObject({
  email: emailSchema,
  password: passwordInputSchema,
  name: nameSchema,
  device: deviceInputSchema.optional(),
});

export const loginInput = z.strictObject({
  email: emailSchema,
  password: passwordInputSchema,
  totpCode: codeSchema.optional(),
  device: deviceInputSchema.optional(),
});

/** Recovery codes are shown as `XXXXX-XXXXX`; spaces, dashes and case are forgiven on entry. */
export const recoveryCodeSchema = z
  .string()
  .trim()
  .min(8)
  .max(32)
  .regex(/^[A-Za-z0-9 -]+$/, 'invalid');

const exactlyOneFactor = (input: { code?: string | undefined; recoveryCode?: string | undefined }) =>
  (input.code === undefined) !== (input.recoveryCode === undefined);
const oneFactorIssue = { message: 'required', path: ['code'] };

/** Answers a sign-in's second-factor challenge. The server's clock decides; no time is accepted. */
export const verifySecondFactorInput = z
  .strictObject({
    challengeToken: z.string().min(1).max(256),
    code: codeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    trustDevice: z.boolean().default(false),
    device: deviceInputSchema.optional(),
  })
  .refine(exactlyOneFactor, oneFactorIssue);

/** Proof of the enrolled factor: a current TOTP code or an unused recovery code. */
export const secondFactorProofInput = z
  .strictObject({ code: codeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() })
  .refine(exactlyOneFactor, oneFactorIssue);

/** Replacing an active factor needs proof of it; a first enrollment needs none. */
export const beginTotpEnrollmentInput = z
  .strictObject({ code: codeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() })
  .refine((input) => !(input.code !== undefined && input.recoveryCode !== undefined), oneFactorIssue)
  .optional();

export const totpCodeInput = z.strictObject({ code: codeSchema });
export const requestEmailCodeInput = z.strictObject({
  email: emailSchema,
  /** Required when the captcha policy asks for it (auth.requestCaptcha issues one). */
  captchaId: z.string().min(1).max(128).optional(),
  captchaAnswer: z.string().trim().min(1).max(16).optional(),
  device: deviceInputSchema.optional(),
});

export const verifyEmailCodeInput = z.strictObject({
  email: emailSchema,
  code: codeSchema,
  device: deviceInputSchema.optional(),
});

/** auth.requestPasswordReset: the same fields, limits and answer as requestEmailCode. */
export const requestPasswordResetInput = requestEmailCodeInput;

export const confirmPasswordResetInput = z.strictObject({
  email: emailSchema,
  code: codeSchema,
  newPassword: passwordInputSchema,
  device: deviceInputSchema.optional(),
});

/** What auth.methods answers: the ways in this server offers (screens show only these). */
export const authMethodsSchema = z.object({
  password: z.boolean(),
  /** False when no mail transport is configured: auth.requestEmailCode answers EMAIL_NOT_CONFIGURED. */
  emailCode: z.boolean(),
  totp: z.boolean(),
  /** Whether auth.register accepts new accounts. */
  registration: z.boolean(),
  /** Whether auth.requestPasswordReset can mail a code (false without a mail transport). */
  passwordReset: z.boolean(),
  /** Whether a kiosk may ask to be signed in from a phone (auth.startDeviceSignIn). */
  deviceSignIn: z.boolean(),
  /** Whether auth.requestMagicLink can mail a link: a mail transport and `magicLink.enabled`. */
  magicLink: z.boolean(),
  /** Whether passkeys are offered: `methods.passkey` on, and `passkeys.rpId` and `passkeys.origins` set. */
  passkey: z.boolean(),
});
export type AuthMethods = z.infer<typeof authMethodsSchema>;

export const refreshInput = z.strictObject({
  refreshToken: z.string().min(1).max(256),
  device: deviceInputSchema.optional(),
});

export const updateNameInput = z.strictObject({ name: nameSchema });

export const setPasswordInput = z.strictObject({ newPassword: passwordInputSchema });

export const changePasswordInput = z.strictObject({
  currentPassword: passwordInputSchema,
  newPassword: passwordInputSchema,
  revokeOtherSessions: z.boolean().default(false),
});

export const deleteAccountInput = z.strictObject({}).optional();

export const renameDeviceInput = z.strictObject({ id: idSchema, name: nameSchema });
export const byIdInput = z.strictObject({ id: idSchema });

export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_STATUSES = ['active', 'disabled', 'banned'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const adminListUsersInput = z
  .strictObject({
    query: z.string().trim().max(254).optional(),
    status: z.enum(USER_STATUSES).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 100, offset: 0 });

export const adminCreateUserInput = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordInputSchema.optional(),
  role: z.enum(USER_ROLES).default('user'),
  orgId: z.string().trim().min(1).max(128).optional(),
  emailVerified: z.boolean().default(false),
});

export const adminUserIdInput = z.strictObject({ userId: z.number().int().positive() });

/**
 * `emailVerified`: true, the admin has confirmed the address with its owner; false, it is not
 * verified. Left out: a new address is not verified, and a respelled one keeps its mark.
 */
export const adminSetEmailInput = z.strictObject({
  userId: z.number().int().positive(),
  email: emailSchema,
  emailVerified: z.boolean().optional(),
});

/** `print`: answer a one-time code instead of mailing it (kiosks with no mail). */
export const adminResetPasswordInput = z.strictObject({
  userId: z.number().int().positive(),
  print: z.boolean().default(false),
});

export const adminBanInput = z.strictObject({
  userId: z.number().int().positive(),
  reason: z.string().trim().max(500).optional(),
});

export const adminListSessionsInput = z.strictObject({ userId: z.number().int().positive().optional() }).default({});

export const adminAuditInput = z
  .strictObject({
    userId: z.number().int().positive().optional(),
    type: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .default({ limit: 100 });

// Changing the email address (docs/security.md R75).
/** account.requestEmailChange: the address to move to; a code goes there. */
export const requestEmailChangeInput = z.strictObject({ newEmail: emailSchema });

/** account.confirmEmailChange: the code mailed to the new address. */
export const confirmEmailChangeInput = z.strictObject({ code: codeSchema });

/** A report token is 32 random bytes, base64url (43 characters). */
export const reportTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid');

/** auth.reportEmailChange: the token from the "this was not me" link mailed to the old address. */
export const reportEmailChangeInput = z.strictObject({ token: reportTokenSchema });

// Dev mode's procedures (dev.*, docs/testing.md): they exist only on a server in dev mode.
const TEN_YEARS_SECONDS = 10 * 366 * 24 * 3600;

/** dev.clock: forward only, or back to the real time (codes already issued would come from the future). */
export const devClockInput = z
  .strictObject({
    advanceSeconds: z.number().int().min(1, 'clock_forward_only').max(TEN_YEARS_SECONDS).optional(),
    reset: z.literal(true).optional(),
  })
  .superRefine((input, context) => {
    if ((input.advanceSeconds === undefined) === (input.reset === undefined)) {
      context.addIssue({ code: 'custom', path: ['advanceSeconds'], message: 'clock_advance_or_reset' });
    }
  });
export type DevClockInput = z.output<typeof devClockInput>;

/** dev.outbox: GET /v1/dev/outbox takes these from the query string, hence the coerced limit. */
export const devOutboxInput = z.strictObject({
  email: emailSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const devCaptchaInput = z.strictObject({ id: z.string().min(1).max(128) });

export const CAPTCHA_POLICIES = ['never', 'always', 'afterFailures'] as const;

/** dev.config: the running server's settings a test may flip. */
export const devConfigInput = z.strictObject({
  autoRegister: z.boolean().optional(),
  captchaPolicy: z.enum(CAPTCHA_POLICIES).optional(),
});
export type DevConfigInput = z.output<typeof devConfigInput>;

/** dev.seedUser: a verified user; with totp: true, an enrolled authenticator. */
export const seedUserInput = z.strictObject({
  email: emailSchema,
  password: passwordInputSchema.optional(),
  name: nameSchema.optional(),
  role: z.enum(USER_ROLES).default('user'),
  totp: z.literal(true).optional(),
});
export type SeedUserInput = z.output<typeof seedUserInput>;
