// The client's public shape: every call of latchkey/client, grouped as the REST API is. The calls
// are built in small per-area factories (`*-methods.ts`) that createLatchkeyClient composes.
import type { DeviceSignInDecision, DeviceSignInRequest, DeviceSignInStarted } from '../../shared/device-sign-in.ts';
import type { WaitForDeviceSignInOptions } from './device-sign-in.ts';
import type {
  AuthResult,
  CaptchaChallenge,
  EmailCodeSent,
  PublicDevice,
  PublicSession,
  PublicUser,
  RecoveryCodes,
  SignInResult,
  TotpEnrollment,
} from '../../shared/types.ts';
import type { MagicLinkDescription, MagicLinkSent } from '../../shared/magic-link.ts';
import type { PasskeyRegistrationOptions, PasskeySignInOptions, PublicPasskey } from '../../shared/passkeys.ts';
import type { EmailChanged, EmailChangeReported, EmailChangeRequested } from '../../shared/types.ts';
import type { EventHandlers, EventStream } from './events.ts';
import type {
  BeginTotpEnrollmentInput,
  LoginInput,
  PasskeyOptionsInput,
  RegisterInput,
  RegisterPasskeyInput,
  VerifyPasskeyInput,
  RequestEmailCodeInput,
  RequestPasswordResetInput,
  ConfirmPasswordResetInput,
  DescribeMagicLinkInput,
  RequestMagicLinkInput,
  RequestEmailChangeInput,
  ConfirmEmailChangeInput,
  ReportEmailChangeInput,
  SecondFactorProof,
  VerifyMagicLinkInput,
  VerifyEmailCodeInput,
  VerifySecondFactorInput,
} from './inputs.ts';

export interface Revoked {
  revokedSessions: number;
}

export interface LatchkeyClient {
  readonly url: string;
  register(input: RegisterInput): Promise<AuthResult>;
  /** Signed in, or a second-factor challenge to answer with verifySecondFactor. */
  login(input: LoginInput): Promise<SignInResult>;
  /** The same answer whether or not the email has an account. */
  requestEmailCode(input: RequestEmailCodeInput): Promise<EmailCodeSent>;
  /** A picture to answer when requestEmailCode fails with CAPTCHA_REQUIRED. */
  requestCaptcha(): Promise<CaptchaChallenge>;
  verifyEmailCode(input: VerifyEmailCodeInput): Promise<SignInResult>;
  /** Forgot password: the same answer as requestEmailCode, whether or not the email has an account. */
  requestPasswordReset(input: RequestPasswordResetInput): Promise<EmailCodeSent>;
  /** Sets the new password, signs out every other session, then signs in (or asks for the second factor). */
  confirmPasswordReset(input: ConfirmPasswordResetInput): Promise<SignInResult>;
  /**
   * A sign-in link (and a code for the same sign-in) by email; the same answer whether or not the
   * email has an account. `redirectTo` must be on the server's origin or its allowlist.
   */
  requestMagicLink(input: RequestMagicLinkInput): Promise<MagicLinkSent>;
  /** Who asked for the link, from where and when, without using it up: show it before verifying. */
  describeMagicLink(input: DescribeMagicLinkInput): Promise<MagicLinkDescription>;
  /** Signs in with the link's token (or asks for the second factor), like login. */
  verifyMagicLink(input: VerifyMagicLinkInput): Promise<SignInResult>;
  /** With `trustDevice: true` the device's trust token is stored and sent on later sign-ins. */
  verifySecondFactor(input: VerifySecondFactorInput): Promise<AuthResult>;
  /**
   * Kiosk: asks to be signed in from a phone. Show `userCode` and a QR code of
   * `verificationUriComplete`; keep `deviceCode` secret (docs/client.md).
   */
  startDeviceSignIn(): Promise<DeviceSignInStarted>;
  /**
   * Kiosk: one poll. Fails with AUTHORIZATION_PENDING, SLOW_DOWN, ACCESS_DENIED or EXPIRED_TOKEN
   * until it answers the session (kept like any sign-in's), once.
   */
  pollDeviceSignIn(deviceCode: string): Promise<AuthResult>;
  /** Kiosk: polls every `interval` (longer after SLOW_DOWN) until signed in, denied, expired or aborted. */
  waitForDeviceSignIn(
    started: Pick<DeviceSignInStarted, 'deviceCode' | 'interval'>,
    options?: WaitForDeviceSignInOptions,
  ): Promise<AuthResult>;
  /** Phone: which device shows this code (any case, dash or not). */
  describeSignIn(userCode: string): Promise<DeviceSignInRequest>;
  /** Phone: signs the kiosk showing this code in as this user (needs a recent sign-in). */
  approveSignIn(userCode: string): Promise<DeviceSignInDecision>;
  /** Phone: refuses the kiosk showing this code. */
  denySignIn(userCode: string): Promise<DeviceSignInDecision>;
  /**
   * Options for navigator.credentials.get(): discoverable with no input, that account's passkeys
   * with `{email}`, or a second factor with `{challengeToken}` (from a `requires2fa` answer).
   */
  passkeyOptions(input?: PasskeyOptionsInput): Promise<PasskeySignInOptions>;
  /** Signs in with the assertion (answers as login), or completes a second factor with `challengeToken`. */
  verifyPasskey(input: VerifyPasskeyInput): Promise<SignInResult>;
  /** Rotates the refresh token now; calls do this by themselves when the access token is stale. */
  refresh(): Promise<AuthResult>;
  /** Ends this session on the server and forgets its tokens (locally even if the server is unreachable). */
  logout(): Promise<Revoked>;
  /** Ends every session of the user, this one included. */
  logoutAll(): Promise<Revoked>;
  me(): Promise<PublicUser>;
  updateName(name: string): Promise<PublicUser>;
  /** Needs a recent sign-in (REAUTH_REQUIRED otherwise). */
  deleteAccount(): Promise<{ deleted: true }>;
  /**
   * Needs a recent sign-in (REAUTH_REQUIRED otherwise): mails a code to the new address and a
   * notice to the current one. The answer is the same whether or not the new address has an account.
   */
  requestEmailChange(input: RequestEmailChangeInput | string): Promise<EmailChangeRequested>;
  /** The code from the new address; CONFLICT if another account took the address meanwhile. */
  confirmEmailChange(input: ConfirmEmailChangeInput | string): Promise<EmailChanged>;
  /** "This was not me" with the token of a notice's report link: locks the account (no sign-in needed). */
  reportEmailChange(input: ReportEmailChangeInput | string): Promise<EmailChangeReported>;
  readonly devices: {
    list(): Promise<PublicDevice[]>;
    rename(id: string, name: string): Promise<PublicDevice>;
    revoke(id: string): Promise<Revoked>;
    untrust(id: string): Promise<PublicDevice>;
  };
  readonly sessions: {
    list(): Promise<PublicSession[]>;
    revoke(id: string): Promise<Revoked>;
    revokeOthers(): Promise<Revoked>;
  };
  readonly totp: {
    beginEnrollment(proof?: BeginTotpEnrollmentInput): Promise<TotpEnrollment>;
    confirmEnrollment(code: string): Promise<RecoveryCodes>;
    disable(proof: SecondFactorProof): Promise<{ disabled: true }>;
  };
  /** The signed-in user's passkeys; registering needs a recent sign-in (REAUTH_REQUIRED otherwise). */
  readonly passkeys: {
    registrationOptions(): Promise<PasskeyRegistrationOptions>;
    register(input: RegisterPasskeyInput): Promise<PublicPasskey>;
    list(): Promise<PublicPasskey[]>;
    rename(id: string, name: string): Promise<PublicPasskey>;
    delete(id: string): Promise<{ deleted: true }>;
  };
  /** Opens the live-events stream; resolves once the server says it is ready. */
  connectEvents(handlers: EventHandlers): Promise<EventStream>;
  /** A current access token for the app's own APIs (refreshed if stale), or undefined when signed out. */
  accessToken(): Promise<string | undefined>;
  isSignedIn(): Promise<boolean>;
}
