// Options of passkey sign-in (the `passkeys` group of the server config). Each `.describe()` text
// is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

/** A web origin: scheme and host (and port), no path; `app://…` for the Electron app's screens. */
const originSchema = z
  .string()
  .max(255)
  .regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i, 'an origin: scheme://host[:port], no path');

export const passkeysConfigSchema = z
  .strictObject({
    rpId: z
      .string()
      .trim()
      .toLowerCase()
      .max(253)
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'a domain such as example.com')
      .optional()
      .describe(
        'The relying party id: the domain passkeys are bound to (`example.com`, or `localhost` in development). Unset: passkeys are off.',
      ),
    rpName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('The name authenticators show beside the passkey. Default: `appName`.'),
    origins: z
      .array(originSchema)
      .max(20)
      .default([])
      .describe(
        'The origins whose screens may use passkeys, e.g. `https://example.com` or `http://localhost:4317`; the Electron app adds its own `app://` origin. Each must be the rpId or under it. Empty: passkeys are off.',
      ),
    userVerification: z
      .enum(['required', 'preferred'])
      .default('required')
      .describe(
        'Whether a passkey sign-in must verify the user (PIN, biometrics). `preferred` also takes a passkey that only tested presence, as a first factor that two-step users follow with their second.',
      ),
    refuseCounterRegression: z
      .boolean()
      .default(true)
      .describe(
        'Refuse a sign-in whose signature counter did not increase (a possibly cloned authenticator); either way it is flagged and audited.',
      ),
    challengeTtlSeconds: z
      .number()
      .int()
      .min(30)
      .max(600)
      .default(300)
      .describe('How long a registration or sign-in challenge stays valid; each is good once.'),
  })
  .superRefine((passkeys, ctx) => {
    // docs/configuration.md: each web origin must be the rpId or under it (app:// is the app's own).
    const { rpId } = passkeys;
    if (rpId === undefined) return;
    passkeys.origins.forEach((origin, index) => {
      const url = new URL(origin);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
      if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`))
        ctx.addIssue({ code: 'custom', path: ['origins', index], message: `not ${rpId} or under it` });
    });
  });

export type PasskeysConfig = z.output<typeof passkeysConfigSchema>;
