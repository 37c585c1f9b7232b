// Token lifetimes, clock skew and signing-key rotation (the `tokens` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';
import { seconds } from './seconds.ts';

export const tokensConfigSchema = z.strictObject({
  accessTtl: seconds
    .max(24 * 3600)
    .default(10 * 60)
    .describe('Access token lifetime, in seconds.'),
  idTokenTtl: seconds
    .max(3600)
    .default(5 * 60)
    .describe('Id token lifetime, in seconds.'),
  sessionIdleTtl: seconds.default(14 * 24 * 3600).describe('A session not refreshed for this many seconds ends.'),
  sessionAbsoluteTtl: seconds
    .default(60 * 24 * 3600)
    .describe('A session ends this many seconds after sign-in, however often it is refreshed.'),
  clockToleranceSeconds: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(30)
    .describe('Clock skew tolerated when verifying `exp`, `nbf` and `iat` (docs/security.md R25: at most 60 s).'),
  keyRotationDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe('EdDSA signing keys rotate after this many days; old keys verify until their tokens expire.'),
});
