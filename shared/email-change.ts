// Changing the account's email address (docs/rest-api.md, docs/security.md R75): what the three
// procedures take and answer. The output schemas are the one source of these shapes: tRPC checks
// answers against them and the OpenAPI document describes them.
import * as z from 'zod';
import { codeSchema, emailSchema } from './schemas.ts';

/** account.requestEmailChange: the address to move to; a code goes there. */
export const requestEmailChangeInput = z.strictObject({ newEmail: emailSchema });

/** account.confirmEmailChange: the code mailed to the new address. */
export const confirmEmailChangeInput = z.strictObject({ code: codeSchema });

/** A report token is 32 random bytes, base64url (43 characters). */
export const reportTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid');

/** auth.reportEmailChange: the token from the "this was not me" link mailed to the old address. */
export const reportEmailChangeInput = z.strictObject({ token: reportTokenSchema });

export const emailChangeRequestedSchema = z.object({
  /** The new address, as typed: the code went there. */
  newEmail: z.string(),
  /** Seconds the code stays valid. */
  expiresIn: z.number().int(),
  /** Seconds before another code can be asked for. */
  resendAfter: z.number().int(),
});
export type EmailChangeRequested = z.infer<typeof emailChangeRequestedSchema>;

export const emailChangedSchema = z.object({
  /** The account's address now, marked verified. */
  email: z.string(),
  emailVerified: z.literal(true),
});
export type EmailChanged = z.infer<typeof emailChangedSchema>;

export const emailChangeReportedSchema = z.object({
  /** The account is locked until an admin unlocks it; every session of it has ended. */
  locked: z.literal(true),
});
export type EmailChangeReported = z.infer<typeof emailChangeReportedSchema>;
