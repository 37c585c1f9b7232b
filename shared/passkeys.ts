// Passkey shapes (WebAuthn L3): what the passkey procedures take and answer. The credential JSON a
// browser produces (PublicKeyCredential.toJSON(), or @simplewebauthn/browser) is checked here for
// shape and size only; its contents are verified on the server by @simplewebauthn/server.
import * as z from 'zod';
import { deviceInputSchema, idSchema, nameSchema } from './schemas.ts';

const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const transportSchema = z.enum(TRANSPORTS);
const extensionResults = z.record(z.string().max(64), z.unknown()).default({});

/** A new credential from navigator.credentials.create(), as JSON. Unknown fields are dropped. */
export const registrationResponseSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(65_536),
    authenticatorData: b64url(16_384).optional(),
    transports: z.array(transportSchema).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});

/** An assertion from navigator.credentials.get(), as JSON. Unknown fields are dropped. */
export const authenticationResponseSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(16_384),
    signature: b64url(2048),
    userHandle: b64url(128).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});

export const passkeyNameSchema = nameSchema;

/** passkeys.register: the new credential, and what to call it (default: the authenticator's kind). */
export const registerPasskeyInput = z.strictObject({
  response: registrationResponseSchema,
  name: passkeyNameSchema.optional(),
});

export const renamePasskeyInput = z.strictObject({ id: idSchema, name: passkeyNameSchema });
export const passkeyIdInput = z.strictObject({ id: idSchema });

const challengeTokenSchema = z.string().min(1).max(256);

/**
 * auth.passkeyOptions: no field for a discoverable sign-in (the browser lists the passkeys it has,
 * or offers them in the email field's autofill); `email` to ask for that account's passkeys; or
 * `challengeToken` (alias `challengeId`) to answer a second-factor challenge with a passkey.
 */
export const passkeyOptionsInput = z
  .strictObject({
    email: z.string().trim().max(254).pipe(z.email()).optional(),
    challengeToken: challengeTokenSchema.optional(),
    challengeId: challengeTokenSchema.optional(),
  })
  .refine((input) => [input.email, input.challengeToken, input.challengeId].filter(Boolean).length <= 1, {
    message: 'one_of',
    path: ['email'],
  })
  .optional();

/**
 * auth.verifyPasskey: the assertion; with `challengeToken` (or `challengeId`) it answers a
 * second-factor challenge, as auth.verifySecondFactor does with a code.
 */
export const verifyPasskeyInput = z
  .strictObject({
    response: authenticationResponseSchema,
    challengeToken: challengeTokenSchema.optional(),
    challengeId: challengeTokenSchema.optional(),
    trustDevice: z.boolean().default(false),
    device: deviceInputSchema.optional(),
  })
  .refine((input) => !(input.challengeToken !== undefined && input.challengeId !== undefined), {
    message: 'one_of',
    path: ['challengeToken'],
  });

// The literal unions of WebAuthn L3, so the options type-check against browser libraries' types.
const credentialType = z.literal('public-key');
const requirement = z.enum(['discouraged', 'preferred', 'required']);
const hints = z.array(z.enum(['client-device', 'hybrid', 'security-key']));
const credentialDescriptor = z.object({
  id: z.string(),
  type: z.string(),
  transports: z.array(z.string()).optional(),
});
/** The extensions we ask for: credProps (whether the new credential is discoverable). */
const extensionInputs = z.object({ credProps: z.boolean().optional() }).optional();

/** What navigator.credentials.create() takes (as JSON; PublicKeyCredential.parseCreationOptionsFromJSON). */
export const passkeyRegistrationOptionsSchema = z.object({
  challenge: z.string(),
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: credentialType })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(credentialDescriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      residentKey: requirement.optional(),
      requireResidentKey: z.boolean().optional(),
      userVerification: requirement.optional(),
    })
    .optional(),
  hints: hints.optional(),
  attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
  extensions: extensionInputs,
});
export type PasskeyRegistrationOptions = z.infer<typeof passkeyRegistrationOptionsSchema>;

/** What navigator.credentials.get() takes (as JSON; PublicKeyCredential.parseRequestOptionsFromJSON). */
export const passkeySignInOptionsSchema = z.object({
  challenge: z.string(),
  rpId: z.string().optional(),
  timeout: z.number().optional(),
  allowCredentials: z.array(credentialDescriptor).optional(),
  userVerification: requirement.optional(),
  hints: hints.optional(),
  extensions: extensionInputs,
});
export type PasskeySignInOptions = z.infer<typeof passkeySignInOptionsSchema>;

const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

/** A registered passkey as its owner sees it: never the public key or the credential id. */
export const publicPasskeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  transports: z.array(z.string()),
  /** Synced passkeys (backup eligible) sign in as `swk`, device-bound ones as `hwk`. */
  backupEligible: z.boolean(),
  backedUp: z.boolean(),
  aaguid: z.string(),
  /** Its signature counter went backwards once (a possible clone): see docs/security.md R76. */
  counterRegressed: z.boolean(),
});
export type PublicPasskey = z.infer<typeof publicPasskeySchema>;

export const passkeyListSchema = z.array(publicPasskeySchema);
export const passkeyDeletedSchema = z.object({ deleted: z.literal(true) });
