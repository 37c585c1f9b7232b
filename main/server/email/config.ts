// Options of email-code sign-in, mail delivery and the offline captcha (the `email` group of the
// server config). Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
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

/** A verified code for an unknown email makes an account: auto-registration on, registration open. */
export const createsAccounts = (config: {
  email: { autoRegister: boolean };
  registration: { open: boolean };
}): boolean => config.email.autoRegister && config.registration.open;

const smtpSchema = z.strictObject({
  host: z.string().min(1).describe('The relay host.'),
  port: z.number().int().min(1).max(65535).default(587).describe('The relay port.'),
  secure: z.boolean().default(false).describe('Implicit TLS from the first byte (port 465); otherwise STARTTLS.'),
  requireTLS: z
    .boolean()
    .default(true)
    .describe('Refuse to send unless the relay upgrades to TLS (STARTTLS); off only for a trusted local relay.'),
  rejectUnauthorized: z.boolean().default(true).describe("Verify the relay's certificate."),
  auth: z
    .strictObject({
      user: z.string().min(1).describe('Relay user name.'),
      pass: z.string().min(1).describe('Relay password.'),
    })
    .optional()
    .describe('Credentials for the relay, if it wants them.'),
  timeoutSeconds: seconds.max(300).default(15).describe('Connection, greeting and socket timeouts.'),
});

const captchaSchema = z.strictObject({
  policy: z
    .enum(['never', 'always', 'afterFailures'])
    .default('afterFailures')
    .describe('When `auth.requestEmailCode` needs a solved captcha: never, always, or after failures.'),
  afterFailures: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe('For `afterFailures`: failed verifications or refused sends from one device or address per hour.'),
  ttlSeconds: seconds.max(3600).default(300).describe("A captcha challenge's lifetime."),
});

export const emailConfigSchema = z.strictObject({
  transport: z
    .enum(MAIL_TRANSPORTS)
    .optional()
    .describe(
      '`outbox` keeps mail in SQLite, sealed (read by dev mode and `latchkey outbox`); `smtp` relays it (then redacts it); `console` prints it; `none` sends nothing and email-code requests answer EMAIL_NOT_CONFIGURED. Unset: `outbox` in dev mode, `none` otherwise.',
    ),
  from: z.string().min(3).max(254).default('Latchkey <no-reply@localhost>').describe('Sender of code mail.'),
  smtp: smtpSchema.optional().describe('The SMTP relay (nodemailer), for `transport: "smtp"`.'),
  codeTtlSeconds: seconds
    .max(600)
    .default(600)
    .describe('A code is valid this long (docs/security.md R10: at most 10 minutes).'),
  resendCooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(60)
    .describe('Per email: a new code only this long after the previous one (RATE_LIMITED with `retryAfter` before).'),
  maxAttemptsPerCode: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(5)
    .describe('Wrong answers one code survives; then it is dead (TOO_MANY_ATTEMPTS) and a new one is needed.'),
  failureBudget: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe(
      'Wrong answers to a live code per email, across codes, before a temporary lock (with the `lockout.*` delays). An answer when no live code exists does not count.',
    ),
  maxSendsPerEmailPerHour: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Codes sent to one email per rolling hour.'),
  maxSendsPerAddressPerHour: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(20)
    .describe('Codes sent for one client address per rolling hour.'),
  autoRegister: z
    .boolean()
    .default(true)
    .describe('A verified code for an unknown email creates the account (without a password).'),
  demoAccounts: z
    .array(z.strictObject({ email: emailSchema, code: codeSchema }))
    .max(100)
    .default([])
    .describe(
      'Fixed codes for public demo accounts: no mail is sent. Refused at start unless `devMode` or `allowDemoAccounts`.',
    ),
  allowDemoAccounts: z
    .boolean()
    .default(false)
    .describe('Accept `demoAccounts` outside dev mode (anyone who knows the code signs in).'),
  outboxRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .describe('Outbox messages older than this many days are deleted.'),
  captcha: captchaSchema.prefault({}),
  linkBaseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .describe(
      'Where users open the screens (e.g. `https://auth.example.com/`): the "this was not me" link of an email-change notice points there. Unset: the notice gives the report code to enter on the screens\' report page.',
    ),
  reportTtlDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(7)
    .describe('How long the "this was not me" link of an email-change notice works (once).'),
});

export type EmailConfig = z.output<typeof emailConfigSchema>;
export type SmtpConfig = z.output<typeof smtpSchema>;
