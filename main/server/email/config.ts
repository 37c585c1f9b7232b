// Options of email-code sign-in, mail delivery and the offline captcha (the `email` group of the
// server config). README.md's configuration table mirrors this file.
import * as z from 'zod';
import { codeSchema, emailSchema } from '../../../shared/schemas.ts';

const seconds = z.number().int().positive();

export const MAIL_TRANSPORTS = ['outbox', 'smtp', 'console', 'none'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];

/**
 * The transport when none is configured: dev mode keeps mail in its outbox for the dev inbox;
 * anywhere else nothing is sent until one is chosen, so no code waits in a file by default.
 */
export const resolveTransport = (configured: MailTransport | undefined, devMode: boolean): MailTransport =>
  configured ?? (devMode ? 'outbox' : 'none');

const smtpSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades to TLS (STARTTLS); off only for a trusted local relay. */
  requireTLS: z.boolean().default(true),
  /** Verify the server's certificate. */
  rejectUnauthorized: z.boolean().default(true),
  auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  timeoutSeconds: seconds.max(300).default(15),
});

const captchaSchema = z.strictObject({
  /** When `auth.requestEmailCode` needs a solved captcha: never, always, or after failures. */
  policy: z.enum(['never', 'always', 'afterFailures']).default('afterFailures'),
  /** For `afterFailures`: failed verifications or refused sends from one device or address per hour. */
  afterFailures: z.number().int().min(1).max(100).default(3),
  ttlSeconds: seconds.max(3600).default(300),
});

export const emailConfigSchema = z.strictObject({
  /**
   * `outbox` keeps mail in SQLite (sealed), `smtp` relays it (then redacts it), `console` prints it,
   * `none` turns email codes off. Unset: `outbox` in dev mode, else `none` (see resolveTransport).
   */
  transport: z.enum(MAIL_TRANSPORTS).optional(),
  from: z.string().min(3).max(254).default('Latchkey <no-reply@localhost>'),
  smtp: smtpSchema.optional(),
  /** A code is valid this long (SECURITY.md R10: at most 10 minutes). */
  codeTtlSeconds: seconds.max(600).default(600),
  /** Per email: a new code only this long after the previous one. */
  resendCooldownSeconds: z.number().int().min(0).max(3600).default(60),
  /** Wrong answers one code survives; then it is dead and a new one is needed. */
  maxAttemptsPerCode: z.number().int().min(1).max(10).default(5),
  /** Failed verifications per email, across codes, before a temporary lock. */
  failureBudget: z.number().int().min(1).max(100).default(10),
  maxSendsPerEmailPerHour: z.number().int().min(1).max(100).default(5),
  maxSendsPerAddressPerHour: z.number().int().min(1).max(10_000).default(20),
  /** A verified code for an unknown email creates the account (without a password). */
  autoRegister: z.boolean().default(true),
  /** Fixed codes for public demo accounts: no mail is sent. Needs devMode or allowDemoAccounts. */
  demoAccounts: z
    .array(z.strictObject({ email: emailSchema, code: codeSchema }))
    .max(100)
    .default([]),
  /** Accept demoAccounts outside dev mode (anyone who knows the code signs in). */
  allowDemoAccounts: z.boolean().default(false),
  /** Outbox messages older than this are deleted. */
  outboxRetentionDays: z.number().int().min(1).max(365).default(7),
  captcha: captchaSchema.prefault({}),
});

export type EmailConfig = z.output<typeof emailConfigSchema>;
export type SmtpConfig = z.output<typeof smtpSchema>;
