// What a procedure declares about itself for the transports (`.meta()`): its REST route, and
// whether it needs a signed-in caller. The REST table, the OpenAPI document and the docs are
// derived from it; the procedure itself never reads it.
//
// Declaring a procedure (docs/architecture.md#declaring-a-procedure), in its router under routers/:
//
//   changeEmail: authedProcedure                    // publicProcedure | authedProcedure | adminProcedure
//     .input(changeEmailInput)                      // zod, from shared/schemas.ts
//     .output(emailCodeSentSchema)                  // zod, from shared/outputs.ts (answers are validated)
//     .meta({ rest: { method: 'POST', path: '/v1/me/email', summary: 'Change your email', tag: 'account' } })
//     .mutation(({ ctx, input }) => requestEmailChange(ctx, input)),
//
// That is all: REST (`/v1/me/email`, operationId `account.changeEmail`), OpenAPI, /trpc, IPC and
// the in-process caller follow. Leave `rest` out for a procedure with no REST route. `:name`
// segments of the path are input fields; `signIn: true` on a route that signs in (device facts may
// come as X-Device-* headers); `raw: true` answers the data without the envelope (JWKS).

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RestRoute {
  method: HttpMethod;
  /** `:name` segments are path parameters, passed to the procedure as input fields. */
  path: string;
  summary: string;
  /** The OpenAPI tag (the group in the docs): auth, account, totp, devices, sessions, keys… */
  tag: string;
  /** The route signs in: device facts may come as X-Device-* headers (documented in OpenAPI). */
  signIn?: boolean;
  /** Answer with the data itself, not the envelope (formats other tools read, such as JWKS). */
  raw?: boolean;
}

export interface ProcedureMeta {
  /**
   * Needs `Authorization: Bearer <access token>`: set by authedProcedure and adminProcedure
   * themselves (documentation; their middleware enforces it).
   */
  auth?: boolean;
  /** The procedure's REST route, if it has one. */
  rest?: RestRoute;
}
