// The REST facade (docs/rest-api.md): one table that drives both the dispatcher and the OpenAPI
// document. Procedure routes come from the router itself: each procedure that declares
// `.meta({ rest: … })` (main/server/api/meta.ts) gets its route, with the procedure's own input and
// output schemas, so the REST surface has no auth logic and no shapes of its own; a server in dev
// mode has dev.* in its router, hence their routes. The one handler route (health) answers outside
// the router. A GET route's input fields come from its path and query string.
import type * as z from 'zod';
import { healthSchema } from '../../../shared/outputs.ts';
import { declaredProcedures } from '../../server/api/declared.ts';
import type { HttpMethod } from '../../server/api/meta.ts';
import { appRouter } from '../../server/api/router.ts';
import type { AuthServer } from '../../server/server.ts';
import type { RequestInfo } from '../../server/request.ts';
import { toIso } from '../../server/clock.ts';

export type { HttpMethod };

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
  signIn?: boolean | undefined;
  /** Body (or query string, for GET) schema. */
  input?: z.ZodType | undefined;
  output?: z.ZodType | undefined;
  /** Answer with the data itself, not the envelope (formats other tools read, such as JWKS). */
  raw?: boolean | undefined;
}

export interface ProcedureRoute extends RouteBase {
  /** The procedure's dotted path (`account.me`), its operationId. */
  procedure: string;
  /** Whether the procedure declares an input: one without takes no fields at all. */
  takesInput: boolean;
}

export interface HandlerRoute<I = unknown> extends RouteBase {
  /** The handler gets the input schema's parsed output. */
  input?: z.ZodType<I> | undefined;
  handle(call: RouteCall<I>): unknown;
}

/** A handler route typed by its input schema. */
export const handlerRoute = <I>(route: HandlerRoute<I>): HandlerRoute => route as HandlerRoute;

export type Route = ProcedureRoute | HandlerRoute;

/** A route for every procedure of the router that declares one, in declaration order. */
export function procedureRoutes(router: object): ProcedureRoute[] {
  return declaredProcedures(router).flatMap(({ path, inputs, output, meta }) =>
    meta.rest
      ? [
          {
            ...meta.rest,
            auth: meta.auth ?? false,
            procedure: path,
            input: inputs[0],
            takesInput: inputs.length > 0,
            output,
          },
        ]
      : [],
  );
}

const health = handlerRoute({
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness: the database answers',
  tag: 'health',
  auth: false,
  output: healthSchema,
  handle: ({ auth }) => {
    auth.services.db.prepare('SELECT 1').get();
    return { status: 'ok', time: toIso(auth.services.clock.now()) };
  },
});

/** Every REST route of a server: the router's, then the handler routes. */
export function restRoutes(router: object): Route[] {
  return [...procedureRoutes(router), health];
}

export const REST_ROUTES: readonly Route[] = restRoutes(appRouter);
