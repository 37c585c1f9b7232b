// The REST facade (docs/rest-api.md): one table that drives both the dispatcher and the OpenAPI
// document. Most routes call a tRPC procedure through the same router IPC uses, so the REST
// surface has no auth logic of its own.
import type * as z from 'zod';
import { authMethodsSchema } from '../../../shared/schemas.ts';
import {
  passkeyDeletedSchema,
  passkeyListSchema,
  passkeyRegistrationOptionsSchema,
  passkeySignInOptionsSchema,
  publicPasskeySchema,
} from '../../../shared/passkeys.ts';
import type { AuthServer } from '../../server/server.ts';
import type { RequestInfo } from '../../server/request.ts';
import { toIso } from '../../server/clock.ts';
import * as out from './responses.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteCall<I = unknown> {
  auth: AuthServer;
  request: RequestInfo;
  input: I;
}

interface RouteBase {
  method: HttpMethod;
  /** `:name` segments are path parameters, passed to the procedure as input fields. */
  path: string;
  summary: string;
  tag: string;
  /** Needs `Authorization: Bearer <access token>` (documentation; the procedure enforces it). */
  auth: boolean;
  /** The route signs in: device facts may come as X-Device-* headers. */
  signIn?: boolean;
  output?: z.ZodType;
  /** Answer with the data itself, not the envelope (formats other tools read, such as JWKS). */
  raw?: boolean;
}

export interface ProcedureRoute extends RouteBase {
  procedure: string;
}

export interface HandlerRoute<I = unknown> extends RouteBase {
  /** Body (or query string, for GET) schema; the handler gets its parsed output. */
  input?: z.ZodType<I>;
  handle(call: RouteCall<I>): unknown;
}

/** A handler route typed by its input schema. */
export const handlerRoute = <I>(route: HandlerRoute<I>): HandlerRoute => route as HandlerRoute;

export type Route = ProcedureRoute | HandlerRoute;

type Extras = Omit<RouteBase, 'method' | 'path' | 'summary'>;
const route = (method: HttpMethod, path: string, procedure: string, summary: string, extras: Extras) => ({
  method,
  path,
  procedure,
  summary,
  ...extras,
});

const open = (tag: string) => ({ tag, auth: false });
const authed = (tag: string) => ({ tag, auth: true });
const signIn = { ...open('auth'), signIn: true };

export const REST_ROUTES: readonly Route[] = [
  route('GET', '/v1/auth/methods', 'auth.methods', 'Which sign-in methods this server offers', {
    ...open('auth'),
    output: authMethodsSchema,
  }),
  route('POST', '/v1/auth/register', 'auth.register', 'Create an account and sign in', {
    ...signIn,
    output: out.authResult,
  }),
  route('POST', '/v1/auth/login', 'auth.login', 'Sign in with email and password', {
    ...signIn,
    output: out.signInResult,
  }),
  route('POST', '/v1/auth/email-code', 'auth.requestEmailCode', 'Email a one-time sign-in code', {
    ...open('auth'),
    output: out.emailCodeSent,
  }),
  // Without it a REST client could not answer CAPTCHA_REQUIRED.
  route('POST', '/v1/auth/captcha', 'auth.requestCaptcha', 'A captcha image to answer when asking for a code', {
    ...open('auth'),
    output: out.captchaChallenge,
  }),
  route('POST', '/v1/auth/email-code/verify', 'auth.verifyEmailCode', 'Sign in with an emailed code', {
    ...signIn,
    output: out.signInResult,
  }),
  route('POST', '/v1/auth/password-reset', 'auth.requestPasswordReset', 'Email a password reset code', {
    ...open('auth'),
    output: out.emailCodeSent,
  }),
  route(
    'POST',
    '/v1/auth/password-reset/confirm',
    'auth.confirmPasswordReset',
    'Set a new password with an emailed code',
    {
      ...signIn,
      output: out.signInResult,
    },
  ),
  route('POST', '/v1/auth/2fa', 'auth.verifySecondFactor', 'Answer a second-factor challenge', {
    ...signIn,
    output: out.authResult,
  }),
  route('POST', '/v1/auth/passkey/options', 'auth.passkeyOptions', 'Options to sign in with a passkey', {
    ...open('auth'),
    output: passkeySignInOptionsSchema,
  }),
  route('POST', '/v1/auth/passkey/verify', 'auth.verifyPasskey', 'Sign in with a passkey, or answer a 2FA challenge', {
    ...signIn,
    output: out.signInResult,
  }),
  route('POST', '/v1/auth/refresh', 'auth.refresh', 'Rotate a refresh token for new tokens', {
    ...signIn,
    output: out.authResult,
  }),
  route('POST', '/v1/auth/logout', 'auth.logout', 'End the current session', {
    ...authed('auth'),
    output: out.revoked,
  }),
  route('GET', '/v1/me', 'account.me', 'The signed-in user', { ...authed('account'), output: out.publicUser }),
  route('PATCH', '/v1/me', 'account.updateName', 'Change your name', { ...authed('account'), output: out.publicUser }),
  route('DELETE', '/v1/me', 'account.delete', 'Delete your account (needs a recent sign-in)', {
    ...authed('account'),
    output: out.deleted,
  }),
  route('POST', '/v1/me/totp', 'totp.beginEnrollment', 'Start authenticator-app enrollment', {
    ...authed('totp'),
    output: out.totpEnrollment,
  }),
  route('POST', '/v1/me/totp/confirm', 'totp.confirmEnrollment', 'Confirm enrollment with a code', {
    ...authed('totp'),
    output: out.recoveryCodes,
  }),
  route('DELETE', '/v1/me/totp', 'totp.disable', 'Turn the authenticator app off (needs a code)', {
    ...authed('totp'),
    output: out.totpDisabled,
  }),
  route('POST', '/v1/me/passkeys/options', 'passkeys.registrationOptions', 'Options to add a passkey', {
    ...authed('passkeys'),
    output: passkeyRegistrationOptionsSchema,
  }),
  route('POST', '/v1/me/passkeys', 'passkeys.register', 'Add a passkey (needs a recent sign-in)', {
    ...authed('passkeys'),
    output: publicPasskeySchema,
  }),
  route('GET', '/v1/me/passkeys', 'passkeys.list', 'Your passkeys', {
    ...authed('passkeys'),
    output: passkeyListSchema,
  }),
  route('PATCH', '/v1/me/passkeys/:id', 'passkeys.rename', 'Rename a passkey', {
    ...authed('passkeys'),
    output: publicPasskeySchema,
  }),
  route('DELETE', '/v1/me/passkeys/:id', 'passkeys.delete', 'Delete a passkey', {
    ...authed('passkeys'),
    output: passkeyDeletedSchema,
  }),
  route('GET', '/v1/devices', 'devices.list', 'Your devices', {
    ...authed('devices'),
    output: out.publicDevice.array(),
  }),
  route('PATCH', '/v1/devices/:id', 'devices.rename', 'Rename a device', {
    ...authed('devices'),
    output: out.publicDevice,
  }),
  route('DELETE', '/v1/devices/:id', 'devices.revoke', 'Revoke a device and its sessions', {
    ...authed('devices'),
    output: out.revoked,
  }),
  route(
    'DELETE',
    '/v1/devices/:id/trust',
    'devices.untrust',
    'Stop trusting a device (its trust token stops working)',
    {
      ...authed('devices'),
      output: out.publicDevice,
    },
  ),
  route('GET', '/v1/sessions', 'sessions.list', 'Your live sessions', {
    ...authed('sessions'),
    output: out.publicSession.array(),
  }),
  route('DELETE', '/v1/sessions/:id', 'sessions.revoke', 'End one session', {
    ...authed('sessions'),
    output: out.revoked,
  }),
  route('GET', '/.well-known/jwks.json', 'keys.jwks', 'Public keys that verify access and id tokens', {
    ...open('keys'),
    raw: true,
    output: out.jwks,
  }),
  {
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the database answers',
    tag: 'health',
    auth: false,
    output: out.health,
    handle: ({ auth }) => {
      auth.services.db.prepare('SELECT 1').get();
      return { status: 'ok', time: toIso(auth.services.clock.now()) };
    },
  },
];
