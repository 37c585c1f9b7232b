// What each call takes: the shared input schemas' input types, minus `device`, which the client
// fills from its options and storage. Types only; no schema code reaches the client bundle.
import type * as z from 'zod';
import type {
  beginTotpEnrollmentInput,
  confirmPasswordResetInput,
  loginInput,
  registerInput,
  requestEmailCodeInput,
  requestPasswordResetInput,
  secondFactorProofInput,
  verifyEmailCodeInput,
  verifySecondFactorInput,
} from '../../shared/schemas.ts';
import type { describeMagicLinkInput, requestMagicLinkInput, verifyMagicLinkInput } from '../../shared/magic-link.ts';
import type { passkeyOptionsInput, registerPasskeyInput, verifyPasskeyInput } from '../../shared/passkeys.ts';
import type { confirmEmailChangeInput, reportEmailChangeInput, requestEmailChangeInput } from '../../shared/schemas.ts';

type WithoutDevice<T> = Omit<T, 'device'>;

/**
 * A credential's JSON as browsers (and @simplewebauthn/browser) type it: transports any string and
 * extension results any object. The server still checks both (docs/client.md).
 */
type CredentialJson<T extends { response: object }> = Omit<T, 'response' | 'clientExtensionResults'> & {
  response: Omit<T['response'], 'transports'> & { transports?: string[] };
  clientExtensionResults?: object;
};
type WithCredentialJson<T extends { response: { response: object } }> = Omit<T, 'response'> & {
  response: CredentialJson<T['response']>;
};

export type RegisterInput = WithoutDevice<z.input<typeof registerInput>>;
export type LoginInput = WithoutDevice<z.input<typeof loginInput>>;
export type RequestEmailCodeInput = WithoutDevice<z.input<typeof requestEmailCodeInput>>;
export type VerifyEmailCodeInput = WithoutDevice<z.input<typeof verifyEmailCodeInput>>;
export type RequestPasswordResetInput = WithoutDevice<z.input<typeof requestPasswordResetInput>>;
export type ConfirmPasswordResetInput = WithoutDevice<z.input<typeof confirmPasswordResetInput>>;
export type RequestMagicLinkInput = WithoutDevice<z.input<typeof requestMagicLinkInput>>;
export type DescribeMagicLinkInput = z.input<typeof describeMagicLinkInput>;
export type VerifyMagicLinkInput = WithoutDevice<z.input<typeof verifyMagicLinkInput>>;
export type VerifySecondFactorInput = WithoutDevice<z.input<typeof verifySecondFactorInput>>;
/** A current authenticator code or an unused recovery code. */
export type SecondFactorProof = z.input<typeof secondFactorProofInput>;
/** Replacing an active authenticator needs proof of it; a first enrollment needs none. */
export type BeginTotpEnrollmentInput = NonNullable<z.input<typeof beginTotpEnrollmentInput>>;
/** Passkey sign-in options: none (discoverable), `{email}`, or `{challengeToken}` for a second factor. */
export type PasskeyOptionsInput = NonNullable<z.input<typeof passkeyOptionsInput>>;
/** The assertion (PublicKeyCredential.toJSON()), and `challengeToken` when it answers a second factor. */
export type VerifyPasskeyInput = WithCredentialJson<WithoutDevice<z.input<typeof verifyPasskeyInput>>>;
/** The new credential (PublicKeyCredential.toJSON()) and an optional name. */
export type RegisterPasskeyInput = WithCredentialJson<z.input<typeof registerPasskeyInput>>;
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeInput>;
export type ConfirmEmailChangeInput = z.input<typeof confirmEmailChangeInput>;
export type ReportEmailChangeInput = z.input<typeof reportEmailChangeInput>;
