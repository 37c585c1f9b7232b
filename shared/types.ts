// The TypeScript types of what the API returns, inferred from the zod schemas of shared/outputs.ts
// (the one description of each shape: the router validates its answers with them).
import type * as z from 'zod';
import type {
  emailChangedSchema,
  emailChangeReportedSchema,
  emailChangeRequestedSchema,
  auditChainVerdictSchema,
  auditEventSchema,
  authResultSchema,
  captchaChallengeSchema,
  emailCodeSentSchema,
  jwksSchema,
  passwordResetStartedSchema,
  publicDeviceSchema,
  publicSessionSchema,
  publicUserSchema,
  recoveryCodesSchema,
  secondFactorChallengeSchema,
  signInResultSchema,
  tokensSchema,
  totpEnrollmentSchema,
} from './outputs.ts';

export type PublicUser = z.infer<typeof publicUserSchema>;
export type PublicDevice = z.infer<typeof publicDeviceSchema>;
export type PublicSession = z.infer<typeof publicSessionSchema>;
export type Tokens = z.infer<typeof tokensSchema>;
export type AuthResult = z.infer<typeof authResultSchema>;
export type SecondFactorChallenge = z.infer<typeof secondFactorChallengeSchema>;
export type SignInResult = z.infer<typeof signInResultSchema>;
/** What `totp.beginEnrollment` returns: the secret three ways (text, URI, QR code as SVG). */
export type TotpEnrollment = z.infer<typeof totpEnrollmentSchema>;
/** Shown once, when TOTP is confirmed or the codes are regenerated. */
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
/** auth.requestEmailCode: identical for known and unknown emails. Times in seconds. */
export type EmailCodeSent = z.infer<typeof emailCodeSentSchema>;
/** admin.users.resetPassword: the code went by mail, or (`print`) is handed over here, once. */
export type PasswordResetStarted = z.infer<typeof passwordResetStartedSchema>;
/** auth.requestCaptcha: an SVG image whose text answers `captchaAnswer`. */
export type CaptchaChallenge = z.infer<typeof captchaChallengeSchema>;
/** keys.jwks: the public keys that verify access and id tokens. */
export type Jwks = z.infer<typeof jwksSchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
/** admin.audit.verify: whether the audit log's hash chain holds, or the first row that breaks it. */
export type AuditChainVerdict = z.infer<typeof auditChainVerdictSchema>;

/** What changed on an account; live-event transports push these as they happen. */
export type AccountEventKind =
  'session.created' | 'session.revoked' | 'device.updated' | 'device.revoked' | 'user.updated';

/** A message on the live-events WebSocket (`/v1/events`): `ready` first, then the account's changes. */
export type LiveEvent =
  | { type: 'ready'; sessionId: string; expiresAt: string }
  | { type: AccountEventKind; sessionId?: string; deviceId?: string; at: string };
export type EmailChangeRequested = z.infer<typeof emailChangeRequestedSchema>;
export type EmailChanged = z.infer<typeof emailChangedSchema>;
export type EmailChangeReported = z.infer<typeof emailChangeReportedSchema>;
