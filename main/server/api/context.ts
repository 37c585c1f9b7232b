// The router's tRPC context is the domain's call context (main/server/call.ts); the request's
// facts live in main/server/request.ts.
export type { Context, AuthedContext } from '../call.ts';
