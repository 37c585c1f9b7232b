// Renderer messages are untrusted input: parsed with a strict schema before anything acts on them.
import * as z from 'zod';
import type { BridgeRequest } from '../../shared/bridge.ts';

const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const callSchema = z.strictObject({
  id,
  jsonrpc: z.literal('2.0').optional(),
  method: z.enum(['query', 'mutation', 'subscription']),
  params: z.strictObject({
    path: z
      .string()
      .max(200)
      .regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/),
    input: z.unknown().optional(),
    lastEventId: z.string().max(200).optional(),
  }),
  locale: z.string().max(35).optional(),
});

const stopSchema = z.strictObject({ id, jsonrpc: z.literal('2.0').optional(), method: z.literal('subscription.stop') });

const requestSchema = z.union([callSchema, stopSchema]);

export function parseBridgeRequest(raw: unknown): BridgeRequest | undefined {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.method === 'subscription.stop') return { id: message.id, method: message.method };
  return {
    id: message.id,
    method: message.method,
    params: { path: message.params.path, input: message.params.input },
    ...(message.locale === undefined ? {} : { locale: message.locale }),
  };
}

/** The id of a message too broken to parse, so its caller can still be answered. */
export function messageIdOf(raw: unknown): number | undefined {
  const value = (raw as { id?: unknown } | null | undefined)?.id;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
