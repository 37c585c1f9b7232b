// Shapes the API returns (docs/architecture.md). Public objects never carry hashes, secrets or internal
// columns: every field here is deliberate.
import type { Platform, UserRole, UserStatus } from './schemas.ts';

export interface PublicUser {
  id: number;
  uuid: string;
  email: string;
  name: string;
  role: UserRole;
  status: UserStatus;
  emailVerified: boolean;
  hasPassword: boolean;
  totpEnabled: boolean;
  /** Unused recovery codes; present only while TOTP is enabled. */
  recoveryCodesRemaining?: number;
  orgId: string | null;
  createdAt: string;
}

export interface PublicDevice {
  id: string;
  platform: Platform | null;
  name: string | null;
  osVersion: string | null;
  appVersion: string | null;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
  trustedUntil: string | null;
  current: boolean;
}

export interface PublicSession {
  id: string;
  deviceId: string;
  amr: string[];
  aal: number;
  authTime: string;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  current: boolean;
}

export interface Tokens {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  idToken: string;
  tokenId: string;
  /**
   * Only when the sign-in asked to trust its device (`trustDevice: true`): the secret that device
   * presents as `device.trustToken` to skip the second factor until `device.trustedUntil`. Shown
   * once; the server keeps only its SHA-256.
   */
  deviceTrustToken?: string;
}

export interface AuthResult {
  requires2fa: false;
  user: PublicUser;
  device: PublicDevice;
  session: PublicSession;
  tokens: Tokens;
}

export interface SecondFactorChallenge {
  requires2fa: true;
  challenge: {
    token: string;
    expiresIn: number;
    /** `passkey` when the user has one: auth.passkeyOptions / auth.verifyPasskey with the token. */
    methods: Array<'totp' | 'recovery_code' | 'passkey'>;
  };
}

export type SignInResult = AuthResult | SecondFactorChallenge;

/** What `totp.beginEnrollment` returns: the secret three ways (text, URI, QR code as SVG). */
export interface TotpEnrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Shown once, when TOTP is confirmed or the codes are regenerated. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** auth.requestEmailCode: identical for known and unknown emails. Times in seconds. */
export interface EmailCodeSent {
  email: string;
  expiresIn: number;
  resendAfter: number;
}

/** admin.users.resetPassword: the code went by mail, or (`print`) is handed over here, once. */
export type PasswordResetStarted =
  | { delivery: 'mail'; email: string; expiresIn: number }
  | { delivery: 'printed'; email: string; expiresIn: number; code: string };

/** auth.requestCaptcha: an SVG image whose text answers `captchaAnswer`. */
export interface CaptchaChallenge {
  captchaId: string;
  svg: string;
  expiresIn: number;
}

export interface AuditEvent {
  id: number;
  at: string;
  type: string;
  userId: number | null;
  sessionId: string | null;
  deviceId: string | null;
  transport: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
}

/** admin.audit.verify: whether the audit log's hash chain holds, or the first row that breaks it. */
export type AuditChainVerdict =
  | { ok: true; checked: number; headId: number | null; prunedThrough: number | null }
  | {
      ok: false;
      firstBadId: number;
      /** not_sealed: no hashes; identity_changed: who/where edited; chain_broken: content edited or rows removed. */
      reason: 'not_sealed' | 'identity_changed' | 'chain_broken';
      checked: number;
    };

/** What changed on an account; live-event transports push these as they happen. */
export type AccountEventKind =
  'session.created' | 'session.revoked' | 'device.updated' | 'device.revoked' | 'user.updated';

/** A message on the live-events WebSocket (`/v1/events`): `ready` first, then the account's changes. */
export type LiveEvent =
  | { type: 'ready'; sessionId: string; expiresAt: string }
  | { type: AccountEventKind; sessionId?: string; deviceId?: string; at: string };
