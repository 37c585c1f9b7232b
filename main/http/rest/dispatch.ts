// Matches a request against the route table and runs it: procedure routes through the server's
// caller (procedure-caller.ts), handler routes directly.
import type * as z from 'zod';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import type { Locale } from '../../../shared/errors.ts';
import type { AuthServer } from '../../server/server.ts';
import { AuthError } from '../../server/errors.ts';
import { fieldDetails } from '../../server/api/validation.ts';
import type { RequestInfo } from '../../server/request.ts';
import { callProcedure } from './procedure-caller.ts';
import type { HttpMethod, Route } from './routes.ts';

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allow: HttpMethod[] }
  | { kind: 'none' };

export class RouteTable {
  readonly routes: readonly Route[];
  readonly #compiled: CompiledRoute[];
  constructor(routes: readonly Route[]) {
    this.routes = routes;
    this.#compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/');
    const allow: HttpMethod[] = [];
    for (const { route, segments } of this.#compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'route', route, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method', allow } : { kind: 'none' };
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(':')) {
      if (part === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (segment !== part) return undefined;
  }
  return params;
}

export async function runRoute(
  auth: AuthServer,
  match: { route: Route; params: Record<string, string> },
  request: RequestInfo,
  payload: Record<string, unknown> | undefined,
): Promise<unknown> {
  const { route, params } = match;
  const hasParams = Object.keys(params).length > 0;
  const input = hasParams ? { ...payload, ...params } : payload;
  if ('handle' in route) {
    const parsed = route.input ? parseInput(route.input, input, request.locale) : undefined;
    const result = await route.handle({ auth, request, input: parsed });
    // A handler route answers outside the router: the same barrier as procedures all the same.
    await auth.services.commits.durable();
    return result;
  }
  if (!route.takesInput) rejectFields(input, request.locale);
  return callProcedure(auth, route.procedure, { services: auth.services, request }, input);
}

function parseInput(schema: z.ZodType, input: unknown, locale: Locale): unknown {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new AuthError('VALIDATION_ERROR', { details: fieldDetails(result.error, locale) });
  return result.data;
}

/** A procedure without input takes no fields: say so rather than ignore them. */
function rejectFields(input: Record<string, unknown> | undefined, locale: Locale): void {
  const keys = Object.keys(input ?? {});
  if (keys.length === 0) return;
  throw new AuthError('VALIDATION_ERROR', {
    details: Object.fromEntries(keys.map((key) => [key, fieldMessage('unknown_field', locale)])),
  });
}
