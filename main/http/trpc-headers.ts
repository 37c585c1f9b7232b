// The headers tRPC's answers at /trpc get on top of its own, so they match the REST ones
// (respond.ts): JSON with its charset (docs/security.md R61), and Retry-After when an error says
// when to try again (docs/rest-api.md). tRPC applies these last, over its bare application/json.
import type { TRPCError } from '@trpc/server';
import type { ResponseMeta } from '@trpc/server/http';
import { AuthError } from '../server/errors.ts';
import { retryAfterHeader } from './respond.ts';

export function trpcResponseMeta({
  errors,
  eagerGeneration,
}: {
  errors: TRPCError[];
  eagerGeneration: boolean;
}): ResponseMeta {
  // Streamed answers (eagerGeneration) have another content type and no errors known yet.
  if (eagerGeneration) return {};
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const waits = errors.flatMap((error) => (error instanceof AuthError ? (error.extras.retryAfter ?? []) : []));
  if (waits.length > 0) headers['retry-after'] = retryAfterHeader(Math.max(...waits));
  return { headers };
}
