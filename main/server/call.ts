// What a procedure hands a domain function for one call: the server's services and the request's
// facts, plus the live session once the access token checked out. The router's tRPC context is
// exactly this (main/server/api/context.ts), so the domain never imports from the api layer.
import type { Services, UserExtras } from './services.ts';
import type { RequestInfo } from './request.ts';
import type { LiveSession } from './sessions/sessions.ts';
import type { AccessClaims } from './tokens/jwt.ts';

export interface Context {
  services: Services;
  request: RequestInfo;
}

export interface AuthedContext extends Context {
  /** The live session behind the access token, its claims, and the user's extras as of this call. */
  auth: LiveSession & { claims: AccessClaims; extras: UserExtras };
}
