// The authenticator-app second factor: what the app shows, trusted devices, challenges and lockout
// (the `totp` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';
import { seconds } from './seconds.ts';

export const totpConfigSchema = z.strictObject({
  issuer: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('The issuer authenticator apps show (`otpauth://` URI). Default: `appName`.'),
  accountLabel: z.enum(['email', 'name']).default('email').describe('What names the account in the authenticator app.'),
  trustDeviceDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe(
      'A device trusted at the second factor (`trustDevice: true`) skips it this many days, when it presents its trust token.',
    ),
  challengeTtlSeconds: seconds
    .max(900)
    .default(300)
    .describe('Lifetime of the challenge a sign-in returns when a second factor is needed.'),
  lockoutThreshold: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .describe('Wrong TOTP or recovery codes per user, across every transport, before second-factor entry locks.'),
  lockoutSeconds: seconds.default(15 * 60).describe('How long that lock lasts.'),
});
