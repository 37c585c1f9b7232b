// The REST facade (DESIGN.md §4.2): one table that drives both the dispatcher and the OpenAPI
// document. Most routes call a tRPC procedure through the same router IPC uses, so the REST
// surface has no auth logic of its own.
import type * as z from 'zod';
import type { AuthServer } from '../../server/server.ts';
import type { RequestInfo } from '../../server/api/context.ts';
import { toIso } from '../../server/clock.ts';
import * as out from './responses.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteCall {
  auth: AuthServer;
  request: RequestInfo;
  input: unknown;
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

export interface HandlerRoute extends RouteBase {
  /** Body (or query string, for GET) schema. */
  input?: z.ZodType;
  handle(call: RouteCall): unknown;
}

export type Route = ProcedureRoute | HandlerRoute;

const signInResult = { signIn: true, output: out.signInResult } as const;

export const REST_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/auth/register',
    procedure: 'auth.register',
    summary: 'Create an account and sign in',
    tag: 'auth',
    auth: false,
    signIn: true,
    output: out.authResult,
  },
  {
    method: 'POST',
    path: '/v1/auth/login',
    procedure: 'auth.login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    auth: false,
    ...signInResult,
  },
  {
    method: 'POST',
    path: '/v1/auth/email-code',
    procedure: 'auth.requestEmailCode',
    summary: 'Email a one-time sign-in code',
    tag: 'auth',
    auth: false,
  },
  {
    method: 'POST',
    path: '/v1/auth/email-code/verify',
    procedure: 'auth.verifyEmailCode',
    summary: 'Sign in with an emailed code',
    tag: 'auth',
    auth: false,
    ...signInResult,
  },
  {
    method: 'POST',
    path: '/v1/auth/2fa',
    procedure: 'auth.verifySecondFactor',
    summary: 'Answer a second-factor challenge',
    tag: 'auth',
    auth: false,
    signIn: true,
    output: out.authResult,
  },
  {
    method: 'POST',
    path: '/v1/auth/refresh',
    procedure: 'auth.refresh',
    summary: 'Rotate a refresh token for new tokens',
    tag: 'auth',
    auth: false,
    signIn: true,
    output: out.authResult,
  },
  {
    method: 'POST',
    path: '/v1/auth/logout',
    procedure: 'auth.logout',
    summary: 'End the current session',
    tag: 'auth',
    auth: true,
    output: out.revoked,
  },
  {
    method: 'GET',
    path: '/v1/me',
    procedure: 'account.me',
    summary: 'The signed-in user',
    tag: 'account',
    auth: true,
    output: out.publicUser,
  },
  {
    method: 'PATCH',
    path: '/v1/me',
    procedure: 'account.updateName',
    summary: 'Change your name',
    tag: 'account',
    auth: true,
    output: out.publicUser,
  },
  {
    method: 'DELETE',
    path: '/v1/me',
    procedure: 'account.delete',
    summary: 'Delete your account (needs a recent sign-in)',
    tag: 'account',
    auth: true,
    output: out.deleted,
  },
  {
    method: 'POST',
    path: '/v1/me/totp',
    procedure: 'totp.beginEnrollment',
    summary: 'Start authenticator-app enrollment',
    tag: 'totp',
    auth: true,
  },
  {
    method: 'POST',
    path: '/v1/me/totp/confirm',
    procedure: 'totp.confirmEnrollment',
    summary: 'Confirm enrollment with a code',
    tag: 'totp',
    auth: true,
  },
  {
    method: 'DELETE',
    path: '/v1/me/totp',
    procedure: 'totp.disable',
    summary: 'Turn the authenticator app off',
    tag: 'totp',
    auth: true,
  },
  {
    method: 'GET',
    path: '/v1/devices',
    procedure: 'devices.list',
    summary: 'Your devices',
    tag: 'devices',
    auth: true,
    output: out.publicDevice.array(),
  },
  {
    method: 'PATCH',
    path: '/v1/devices/:id',
    procedure: 'devices.rename',
    summary: 'Rename a device',
    tag: 'devices',
    auth: true,
    output: out.publicDevice,
  },
  {
    method: 'DELETE',
    path: '/v1/devices/:id',
    procedure: 'devices.revoke',
    summary: 'Revoke a device and its sessions',
    tag: 'devices',
    auth: true,
    output: out.revoked,
  },
  {
    method: 'GET',
    path: '/v1/sessions',
    procedure: 'sessions.list',
    summary: 'Your live sessions',
    tag: 'sessions',
    auth: true,
    output: out.publicSession.array(),
  },
  {
    method: 'DELETE',
    path: '/v1/sessions/:id',
    procedure: 'sessions.revoke',
    summary: 'End one session',
    tag: 'sessions',
    auth: true,
    output: out.revoked,
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    procedure: 'keys.jwks',
    summary: 'Public keys that verify access and id tokens',
    tag: 'keys',
    auth: false,
    raw: true,
    output: out.jwks,
  },
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
