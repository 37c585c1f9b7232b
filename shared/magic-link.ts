// Magic-link sign-in (docs/rest-api.md): the inputs and answers of auth.requestMagicLink,
// auth.describeMagicLink and auth.verifyMagicLink. The screens reuse them.
import * as z from 'zod';
import { PLATFORMS, deviceInputSchema, requestEmailCodeInput } from './schemas.ts';

const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

/** 32 random bytes, base64url: what a link carries after `token=`. */
export const magicLinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid');

/**
 * A random value the asking browser keeps (sessionStorage) and shows again when the link opens
 * there: then the landing page need not ask "was this you?" (docs/security.md R74).
 */
export const magicLinkNonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid');

/** auth.requestMagicLink: the email-code request's fields, plus where to go once signed in. */
export const requestMagicLinkInput = requestEmailCodeInput.extend({
  /** A path on this server's origin, or a URL under `magicLink.redirectAllowlist`. */
  redirectTo: z.string().trim().min(1).max(2048).optional(),
  nonce: magicLinkNonceSchema.optional(),
});

export const describeMagicLinkInput = z.strictObject({
  token: magicLinkTokenSchema,
  nonce: magicLinkNonceSchema.optional(),
});

export const verifyMagicLinkInput = z.strictObject({
  token: magicLinkTokenSchema,
  device: deviceInputSchema.optional(),
});

/** Identical for known and unknown emails. Times in seconds; `expiresIn` is the link's. */
export const magicLinkSentSchema = z.object({
  email: z.string(),
  expiresIn: z.number().int(),
  resendAfter: z.number().int(),
});
export type MagicLinkSent = z.infer<typeof magicLinkSentSchema>;

/** What the landing page shows before it signs anyone in: who asked, from where, and when. */
export const magicLinkDescriptionSchema = z.object({
  email: z.string(),
  requestedAt: iso,
  expiresAt: iso,
  device: z.object({
    name: z.string().nullable(),
    platform: z.enum(PLATFORMS).nullable(),
    ipAddress: z.string().nullable(),
  }),
  /** The nonce given matches the one the request carried: the same browser asked. */
  sameBrowser: z.boolean(),
  /** Where to go once signed in (checked again against the current allowlist), or null. */
  redirectTo: z.string().nullable(),
});
export type MagicLinkDescription = z.infer<typeof magicLinkDescriptionSchema>;
