// Signing in to a kiosk from a phone (a device authorization grant after RFC 8628): the inputs
// and answers of auth.startDeviceSignIn / auth.pollDeviceSignIn and of devices.describeSignIn /
// approveSignIn / denySignIn, and the short code's alphabet and spelling (docs/security.md).
import * as z from 'zod';
import { deviceInputSchema, PLATFORMS } from './schemas.ts';

/** RFC 8628 §6.1: consonants only, no vowels (no words) and nothing easily misread. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** The code as typed (any case, with or without the dash or spaces) in its canonical 8 letters. */
export function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** `XXXX-XXXX`, as the kiosk shows it. */
export function formatUserCode(code: string): string {
  const plain = normalizeUserCode(code);
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

const userCodePattern = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`);

/** A user code as the phone sends it; normalised, so every spelling reaches the server as one. */
export const userCodeSchema = z
  .string()
  .trim()
  .max(16)
  .transform(normalizeUserCode)
  .pipe(z.string().regex(userCodePattern, 'user_code_format'));

export const startDeviceSignInInput = z.strictObject({ device: deviceInputSchema.optional() }).prefault({});
export const pollDeviceSignInInput = z.strictObject({ deviceCode: z.string().min(1).max(128) });
export const userCodeInput = z.strictObject({ userCode: userCodeSchema });

const isoSchema = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

/** auth.startDeviceSignIn's answer. Times in seconds. */
export const deviceSignInStartedSchema = z.object({
  deviceCode: z.string().meta({ description: 'The kiosk’s secret for polling: never show it.' }),
  userCode: z.string().meta({ description: 'XXXX-XXXX, shown on the kiosk and typed or scanned on the phone.' }),
  verificationUri: z.string(),
  verificationUriComplete: z.string(),
  expiresIn: z.number().int(),
  interval: z.number().int().meta({ description: 'Seconds to wait between polls.' }),
});
export type DeviceSignInStarted = z.infer<typeof deviceSignInStartedSchema>;

/** devices.describeSignIn: which device asks, so the phone's user can tell it is the one in front of them. */
export const deviceSignInRequestSchema = z.object({
  userCode: z.string(),
  device: z.object({
    name: z.string().nullable(),
    platform: z.enum(PLATFORMS).nullable(),
    osVersion: z.string().nullable(),
    appVersion: z.string().nullable(),
    userAgent: z.string().nullable(),
    ipAddress: z.string().nullable(),
  }),
  requestedAt: isoSchema,
  expiresAt: isoSchema,
});
export type DeviceSignInRequest = z.infer<typeof deviceSignInRequestSchema>;

/** devices.approveSignIn / denySignIn: what was decided for which request. */
export const deviceSignInDecisionSchema = z.object({
  userCode: z.string(),
  decision: z.enum(['approved', 'denied']),
});
export type DeviceSignInDecision = z.infer<typeof deviceSignInDecisionSchema>;
