// Kiosks signed in from a phone (RFC 8628): on or off, the phone page, code lifetime, polling and
// wrong-code budget (the `deviceSignIn` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';
import { seconds } from './seconds.ts';

export const deviceSignInConfigSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      'Kiosks may ask to be signed in from a phone (`auth.startDeviceSignIn`); false answers FORBIDDEN (`reason: device_sign_in_off`).',
    ),
  verificationUri: z
    .url()
    .max(512)
    .optional()
    .describe(
      'The phone page (`/device` of the screens) a kiosk shows as text and QR code. Default: `/device` on the origin the kiosk called over HTTP, else on `http://127.0.0.1:<http.port>`.',
    ),
  codeTtlSeconds: seconds
    .min(60)
    .max(600)
    .default(600)
    .describe('How long a kiosk’s codes stay valid, in seconds (docs/security.md R38: at most 10 minutes).'),
  intervalSeconds: seconds.max(60).default(5).describe('Seconds a kiosk waits between polls; each SLOW_DOWN adds 5.'),
  failureBudget: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe(
      'Wrong codes per account on the phone before looking codes up is throttled (per address: `lockout.sourceThreshold`).',
    ),
});
