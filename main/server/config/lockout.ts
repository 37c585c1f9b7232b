// Throttling after failed sign-ins, per account and per source (the `lockout` group of the server
// config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';
import { seconds } from './seconds.ts';

export const lockoutConfigSchema = z.strictObject({
  threshold: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Failures per account, across every factor, before password sign-in is throttled.'),
  baseDelaySeconds: seconds
    .default(30)
    .describe('First delay once throttled; each further failure doubles it, up to `maxDelaySeconds`.'),
  maxDelaySeconds: seconds.default(3600).describe('Longest delay of a throttled account or source.'),
  sourceThreshold: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .describe('Failures per client address (HTTP) or per device before that source is throttled.'),
  windowSeconds: seconds.default(3600).describe('A failure streak older than this is forgotten.'),
});
