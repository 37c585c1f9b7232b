// How long ended sessions, spent tokens and audit events are kept, and how often the purge runs
// (the `retention` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const retentionConfigSchema = z.strictObject({
  sessionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe(
      'Ended sessions and spent (used, revoked, expired) refresh tokens are deleted this many days after; a used token is recognized as a replay until then.',
    ),
  auditDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Audit events older than this are deleted; the hash chain continues from an anchor.'),
  purgeIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60)
    .describe('How often the purge runs while the server is open; 0: only when `server.purge()` is called.'),
});
