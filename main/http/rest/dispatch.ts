// Matches a request against the route table and runs it: procedure routes through the router's
// caller (same validation, limits and audit as IPC), handler routes directly.
import type { AnyProcedure } from '@trpc/server';
import type * as z from 'zod';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import type { Locale } from '../../../shared/errors.ts';
import type { AuthServer } from '../../server/server.ts';
import { AuthError } from '../../server/errors.ts';
import { fieldDetails } from '../../server/api/validation.ts';
import type { Context } from '../../server/api/context.ts';
import type { RequestInfo } from '../../server/request.ts';
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

/** The router's procedure at a dotted path, if this build has it (features plug in later). */
export function procedureAt(auth: AuthServer, path: string): AnyProcedure | undefined {
  const procedures = auth.router._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
  return Object.hasOwn(procedures, path) ? procedures[path] : undefined;
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
    // Handler routes write outside the router (dev seeding, reset): the same barrier as procedures.
    await auth.services.commits.durable();
    return result;
  }
  const procedure = procedureAt(auth, route.procedure);
  if (!procedure) throw new AuthError('NOT_FOUND');
  if (procedure._def.inputs.length === 0) rejectFields(input, request.locale);
  // What the router's caller does for one call, without building its proxy on every request.
  return procedure({
    path: route.procedure,
    getRawInput: async () => input,
    ctx: { services: auth.services, request } satisfies Context,
    type: procedure._def.type,
    signal: undefined,
    batchIndex: 0,
  });
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
