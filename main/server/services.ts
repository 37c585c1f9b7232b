// Everything a procedure needs, built once per server by createAuthServer and handed to every
// call through the tRPC context.
import type { ServerConfig } from './config.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db/open.ts';
import type { CommitBarrier } from './db/group-commit.ts';
import type { PasswordHasher } from './crypto/password-hasher.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { SigningKeys } from './tokens/signing-keys.ts';
import type { TokenService } from './tokens/jwt.ts';
import type { AuditLog } from './security/audit.ts';
import type { Throttle } from './security/throttle.ts';
import type { Lifetimes } from './sessions/sessions.ts';
import type { UserRow } from './accounts/users.ts';
import type { DeviceRow, DeviceSighting } from './sessions/devices.ts';
import type { AccountEventKind, SecondFactorChallenge } from '../../shared/types.ts';
import type { Logger } from './logger.ts';
import type { RequestInfo } from './request.ts';
import type { DevCaptchaAnswers } from './email/dev-captcha-answers.ts';
import type { CaptchaGenerator } from './email/captcha-generator.ts';
import type { LiveEventEmitter, LiveEventMap } from './live-events.ts';

/** Decides, after a first factor succeeded, whether a second is needed (the TOTP feature). */
export interface SecondFactorGate {
  /** Whether the user's sign-ins pass through challenge() at all (a confirmed second factor). */
  appliesTo(userId: number): boolean;
  /** For users it applies to: a challenge to answer instead of tokens, or undefined to sign in now. */
  challenge(input: {
    user: UserRow;
    /** The device as it was before this sign-in: nothing the client sent is applied yet. */
    device: DeviceRow;
    /** What the client sent about its device (and its trust token, if any), to apply on success. */
    sighting: DeviceSighting;
    amr: string[];
    totpCode?: string | undefined;
    request?: RequestInfo | undefined;
  }): Promise<SecondFactorChallenge | { amr: string[]; aal: number } | undefined>;
}

export interface UserExtras {
  totpEnabled: boolean;
  /** Unused recovery codes, while TOTP is enabled. */
  recoveryCodesRemaining?: number;
}

/** Live changes for transports that push them (session and device lists update at once). */
export interface AccountEvent {
  userId: number;
  kind: AccountEventKind;
  sessionId?: string;
  deviceId?: string;
}

/** A kiosk's sign-in was decided on a phone: the kiosk's socket (by its device code's hash) hears it. */
export interface DeviceCodeDecided {
  /** Hex SHA-256 of the device code: never the code itself. */
  codeHash: string;
  outcome: 'approved' | 'denied';
}

/**
 * A message from the outbox, unsealed (dev inbox, kiosks without mail, `latchkey outbox`, tests).
 * At rest only the recipient, subject and times are in the open (main/server/email/outbox.ts).
 */
export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one-time code the message carries, if any (dev mode shows it). */
  code: string | null;
  /** What the code is for (`login`, `reset_password`…), null for a notice. */
  purpose: string | null;
  /** The magic link it carries (`magic_link` mail), or null. */
  link: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A message that carries no code: a security notice such as "two-step sign-in was turned off". */
export interface MailNotice {
  to: string;
  subject: string;
  text: string;
  /** The account it is about: deleting the account deletes the mail (docs/security.md R67). */
  userId?: number | undefined;
}

/** A message to deliver: plain text and HTML parts of one content. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one-time code it carries, so the outbox can show it (and SMTP delivery can wipe it). */
  code?: string | null | undefined;
  /** What the code is for, shown beside it in the outbox. */
  purpose?: string | null | undefined;
  /** The magic link it carries, sealed like the code. */
  link?: string | null | undefined;
  /** The account it is about, whatever address it goes to: deleting the account deletes the mail. */
  userId?: number | undefined;
}

/** Mail delivery (the email-code feature provides it; main/server/email/mail-service.ts). */
export interface MailService {
  readonly transport: 'outbox' | 'smtp' | 'console';
  /** Newest first; optionally only messages to one address. */
  outbox(filter?: { email?: string | undefined; limit?: number | undefined }): OutboxMessage[];
  /** Sends a notice; optional, so features that notify (TOTP) work where mail is not set up. */
  notify?(notice: MailNotice): Promise<void> | void;
  /** Records the message in the outbox and starts its delivery; returns its outbox id at once. */
  send(mail: OutgoingMail): number;
  /** A reader of the outbox (kiosk, dev inbox) took the message; false if unknown or already sent. */
  markSent(id: number): boolean;
  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The kinds of live news the domain publishes on `events` (main/server/live-events.ts). */
export type ServiceEvents = LiveEventMap;

export interface Services {
  db: Db;
  /** Every procedure awaits it before answering: nothing is acknowledged before it is on disk. */
  commits: CommitBarrier;
  config: ServerConfig;
  clock: Clock;
  hasher: PasswordHasher;
  secretBox: SecretBox;
  keys: SigningKeys;
  tokens: TokenService;
  audit: AuditLog;
  throttle: Throttle;
  lifetimes: Lifetimes;
  logger: Logger;
  /** Where the domain publishes live news (main/server/live-events.ts); transports read `auth.events`. */
  events: LiveEventEmitter;
  secondFactor: SecondFactorGate;
  mail: MailService | undefined;
  userExtras: (userId: number) => UserExtras;
  /** Draws the captcha pictures (svg-captcha unless the host gave its own). */
  captcha: CaptchaGenerator;
  /** Dev mode only: captcha answers kept in memory so scripts can solve them; never in production. */
  devCaptchaAnswers?: DevCaptchaAnswers | undefined;
}
