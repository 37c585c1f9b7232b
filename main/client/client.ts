// createLatchkeyClient: the REST API as typed calls, for Node, browsers and React Native. Sign-ins
// keep their tokens in the pluggable storage; every other call sends the access token and, when it
// is stale, refreshes once (one rotation in flight however many calls notice) and retries.
import type { DeviceInput } from '../../shared/schemas.ts';
import type { DeviceSignInDecision, DeviceSignInRequest, DeviceSignInStarted } from '../../shared/device-sign-in.ts';
import { waitForDeviceSignIn, type WaitForDeviceSignInOptions } from './device-sign-in.ts';
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
import { connectEvents, type EventHandlers, type EventStream, type WebSocketConstructor } from './events.ts';
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
import { TokenSession } from './session.ts';
import { memoryStorage, type LatchkeyStorage } from './storage.ts';
import { createTransport, type FetchLike } from './transport.ts';

export interface LatchkeyClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7420`. */
  url: string;
  /** Where tokens and the device id live between calls (and restarts); memory by default. */
  storage?: LatchkeyStorage | undefined;
  /**
   * This device's facts, sent with every sign-in. Without an `id`, the id the server gives the
   * device at its first sign-in is stored and sent from then on.
   */
  device?: Omit<DeviceInput, 'trustToken'> | undefined;
  /** Defaults to the global fetch. */
  fetch?: FetchLike | undefined;
  /** Defaults to the global WebSocket (live events only). */
  WebSocket?: WebSocketConstructor | undefined;
  /** A request with no answer after this long fails as a network error. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Sent as Accept-Language: the language of the server's error messages. */
  locale?: string | undefined;
  /** This device's clock, in ms since the epoch (access-token expiry is judged by it). */
  now?: (() => number) | undefined;
}

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

const DEFAULT_TIMEOUT_MS = 30_000;
const segment = (id: string) => encodeURIComponent(id);

export function createLatchkeyClient(options: LatchkeyClientOptions): LatchkeyClient {
  const url = options.url.replace(/\/+$/, '');
  const transport = createTransport({
    baseUrl: url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    locale: options.locale,
  });
  const session = new TokenSession({
    storage: options.storage ?? memoryStorage(),
    transport,
    device: options.device,
    now: options.now ?? (() => Date.now()),
  });

  /** A sign-in call: sends the device, keeps the tokens when it signed in. */
  async function signIn<R extends SignInResult>(path: string, input: object): Promise<R> {
    const device = await session.deviceInput({ withTrust: true });
    const result = await transport<R>({ method: 'POST', path, body: { ...input, ...(device ? { device } : {}) } });
    if (!result.requires2fa) await session.accept(result);
    return result;
  }

  async function endSessions(exchange: { path: string; trpc?: boolean }): Promise<Revoked> {
    try {
      return await session.authed<Revoked>({ method: 'POST', ...exchange });
    } finally {
      await session.clear();
    }
  }

  async function pollDeviceSignIn(deviceCode: string): Promise<AuthResult> {
    const result = await transport<AuthResult>({
      method: 'POST',
      path: '/v1/auth/device-code/poll',
      body: { deviceCode },
    });
    await session.accept(result);
    return result;
  }

  return {
    url,
    startDeviceSignIn: async () => {
      const device = await session.deviceInput({ withTrust: false });
      return transport({ method: 'POST', path: '/v1/auth/device-code', body: device ? { device } : {} });
    },
    pollDeviceSignIn,
    waitForDeviceSignIn: (started, waitOptions) =>
      waitForDeviceSignIn({ baseUrl: url, poll: pollDeviceSignIn, WebSocket: options.WebSocket }, started, waitOptions),
    describeSignIn: (userCode) =>
      session.authed({ method: 'POST', path: '/v1/device-code/describe', body: { userCode } }),
    approveSignIn: (userCode) =>
      session.authed({ method: 'POST', path: '/v1/device-code/approve', body: { userCode } }),
    denySignIn: (userCode) => session.authed({ method: 'POST', path: '/v1/device-code/deny', body: { userCode } }),
    register: (input) => signIn<AuthResult>('/v1/auth/register', input),
    login: (input) => signIn('/v1/auth/login', input),
    requestEmailCode: async (input) => {
      const device = await session.deviceInput({ withTrust: false });
      return transport({
        method: 'POST',
        path: '/v1/auth/email-code',
        body: { ...input, ...(device ? { device } : {}) },
      });
    },
    requestPasswordReset: async (input) => {
      const device = await session.deviceInput({ withTrust: false });
      return transport({
        method: 'POST',
        path: '/v1/auth/password-reset',
        body: { ...input, ...(device ? { device } : {}) },
      });
    },
    confirmPasswordReset: (input) => signIn('/v1/auth/password-reset/confirm', input),
    requestMagicLink: async (input) => {
      const device = await session.deviceInput({ withTrust: false });
      return transport({
        method: 'POST',
        path: '/v1/auth/magic-link',
        body: { ...input, ...(device ? { device } : {}) },
      });
    },
    describeMagicLink: (input) => transport({ method: 'POST', path: '/v1/auth/magic-link/describe', body: input }),
    verifyMagicLink: (input) => signIn('/v1/auth/magic-link/verify', input),
    requestCaptcha: () => transport({ method: 'POST', path: '/v1/auth/captcha' }),
    verifyEmailCode: (input) => signIn('/v1/auth/email-code/verify', input),
    verifySecondFactor: (input) => signIn<AuthResult>('/v1/auth/2fa', input),
    passkeyOptions: (input = {}) => transport({ method: 'POST', path: '/v1/auth/passkey/options', body: input }),
    verifyPasskey: (input) => signIn('/v1/auth/passkey/verify', input),
    refresh: () => session.refresh(),
    logout: () => endSessions({ path: '/v1/auth/logout' }),
    // REST has no route for it; the same server answers the procedure at /trpc, same contract.
    logoutAll: () => endSessions({ path: '/trpc/auth.logoutAll', trpc: true }),
    me: () => session.authed({ method: 'GET', path: '/v1/me' }),
    updateName: (name) => session.authed({ method: 'PATCH', path: '/v1/me', body: { name } }),
    deleteAccount: async () => {
      const result = await session.authed<{ deleted: true }>({ method: 'DELETE', path: '/v1/me' });
      await session.clear();
      return result;
    },
    requestEmailChange: (input) =>
      session.authed({
        method: 'POST',
        path: '/v1/me/email',
        body: typeof input === 'string' ? { newEmail: input } : input,
      }),
    confirmEmailChange: (input) =>
      session.authed({
        method: 'POST',
        path: '/v1/me/email/confirm',
        body: typeof input === 'string' ? { code: input } : input,
      }),
    reportEmailChange: (input) =>
      transport({
        method: 'POST',
        path: '/v1/auth/email-change/report',
        body: typeof input === 'string' ? { token: input } : input,
      }),
    devices: {
      list: () => session.authed({ method: 'GET', path: '/v1/devices' }),
      rename: (id, name) => session.authed({ method: 'PATCH', path: `/v1/devices/${segment(id)}`, body: { name } }),
      revoke: (id) => session.authed({ method: 'DELETE', path: `/v1/devices/${segment(id)}` }),
      untrust: (id) => session.authed({ method: 'DELETE', path: `/v1/devices/${segment(id)}/trust` }),
    },
    sessions: {
      list: () => session.authed({ method: 'GET', path: '/v1/sessions' }),
      revoke: (id) => session.authed({ method: 'DELETE', path: `/v1/sessions/${segment(id)}` }),
      revokeOthers: () => session.authed({ method: 'POST', path: '/trpc/sessions.revokeOthers', trpc: true }),
    },
    totp: {
      beginEnrollment: (proof) => session.authed({ method: 'POST', path: '/v1/me/totp', body: proof }),
      confirmEnrollment: (code) => session.authed({ method: 'POST', path: '/v1/me/totp/confirm', body: { code } }),
      disable: (proof) => session.authed({ method: 'DELETE', path: '/v1/me/totp', body: proof }),
    },
    passkeys: {
      registrationOptions: () => session.authed({ method: 'POST', path: '/v1/me/passkeys/options' }),
      register: (input) => session.authed({ method: 'POST', path: '/v1/me/passkeys', body: input }),
      list: () => session.authed({ method: 'GET', path: '/v1/me/passkeys' }),
      rename: (id, name) => session.authed({ method: 'PATCH', path: `/v1/me/passkeys/${segment(id)}`, body: { name } }),
      delete: (id) => session.authed({ method: 'DELETE', path: `/v1/me/passkeys/${segment(id)}` }),
    },
    connectEvents: (handlers) => connectEvents(session, { baseUrl: url, WebSocket: options.WebSocket }, handlers),
    accessToken: async () => ((await session.hasTokens()) ? session.accessToken() : undefined),
    isSignedIn: () => session.hasTokens(),
  };
}
