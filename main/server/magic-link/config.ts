// Options of magic-link sign-in (the `magicLink` group of the server config). Each `.describe()`
// text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const LINK_FORMS = ['auto', 'web', 'app'] as const;
export type LinkForm = (typeof LINK_FORMS)[number];

export const magicLinkConfigSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      'Offer `auth.requestMagicLink` (also needs a mail transport; `auth.methods.magicLink` says so). False: it answers FORBIDDEN (`reason: method_disabled`).',
    ),
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(900)
    .default(900)
    .describe(
      'A link works this long (docs/security.md R74: at most 15 minutes); the code in the same mail keeps `email.codeTtlSeconds`.',
    ),
  linkForm: z
    .enum(LINK_FORMS)
    .default('auto')
    .describe(
      'What the mail links to: `web` the screens at `<origin>/auth/magic?token=…`, `app` the desktop app at `<appScheme>://auth/magic?token=…`. `auto`: `app` for requests over IPC (the Electron app asked), `web` over HTTP.',
    ),
  webBaseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional()
    .describe(
      'The origin (and path prefix) of the screens a `web` link opens, e.g. `https://auth.example.com`. Unset: the origin the request came to (its checked Host header).',
    ),
  appScheme: z
    .string()
    .regex(/^[a-z][a-z0-9+.-]{1,31}$/)
    .default('latchkey')
    .describe('The URL scheme of `app` links; the Electron app registers itself as its handler.'),
  redirectAllowlist: z
    .array(z.url({ protocol: /^https?$/ }).max(2048))
    .max(50)
    .default([])
    .describe(
      'Where `redirectTo` may point besides the server’s own origin: each entry is an origin with an optional path prefix, e.g. `https://app.example.com/welcome`. Anything else answers VALIDATION_ERROR.',
    ),
});

export type MagicLinkConfig = z.output<typeof magicLinkConfigSchema>;
