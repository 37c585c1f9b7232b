// Request caps per client address and across all of them, in fixed windows (the `limits` group of
// the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';
import { seconds } from './seconds.ts';

/** One request cap (`limits.<name>`): calls per window from one address and from all of them. */
const requestCap = (address: number, global: number, what: string) =>
  z
    .strictObject({
      address: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(address)
        .describe(`${what} per window over HTTP from one client address.`),
      global: z
        .number()
        .int()
        .min(1)
        .max(10_000_000)
        .default(global)
        .describe(`${what} per window over HTTP from all addresses together.`),
    })
    .prefault({});

export const limitsConfigSchema = z.strictObject({
  perAddress: z
    .boolean()
    .default(true)
    .describe(
      '`false` turns off every per-address and global request cap (`limits.*`, `email.maxSendsPerAddressPerHour`, the address sign-in counter), for benchmarks where every client is 127.0.0.1; HTTP then refuses a non-loopback interface. Per-account and per-email limits stay.',
    ),
  windowSeconds: seconds
    .max(86_400)
    .default(3600)
    .describe('The request caps count in fixed windows of this many seconds.'),
  register: requestCap(10, 200, '`auth.register` calls'),
  emailCode: requestCap(30, 1000, '`auth.requestEmailCode` calls (any answer counts)'),
  captcha: requestCap(30, 1000, '`auth.requestCaptcha` calls'),
  deviceCode: requestCap(30, 1000, '`auth.startDeviceSignIn` calls'),
  passkeyOptions: requestCap(60, 2000, '`auth.passkeyOptions` calls (each stores a challenge)'),
});
