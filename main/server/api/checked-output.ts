// Every answer is parsed with its procedure's `.output()` schema (unknown fields stripped, a wrong
// shape refused) inside the resolver, not by tRPC's output middleware: that middleware is one more
// level of tRPC's chain, and each level copies the call's options again, on every call
// (docs/benchmarks.md). An answer that fails its schema is a fault of the server, not of the
// caller's input: it is logged and answers INTERNAL, never VALIDATION_ERROR.
import { TRPCError } from '@trpc/server';
import type * as z from 'zod';
import type { ProcedureType } from './declared.ts';

export type Resolver = (opts: never) => unknown;

/** The resolver, answering only what `output` accepts; unchanged when no output is declared. */
export function checkedResolver(type: ProcedureType, output: z.ZodType | undefined, resolver: Resolver): Resolver {
  if (!output) return resolver;
  if (type === 'subscription') throw new Error('subscriptions declare no .output(): they answer a stream');
  return async (opts: never) => {
    const data = await resolver(opts);
    try {
      return output.parse(data);
    } catch (cause) {
      throw new TRPCError({
        message: 'Output validation failed',
        code: 'INTERNAL_SERVER_ERROR',
        cause: new OutputRejected(cause),
      });
    }
  };
}

/** An answer its `.output()` schema refused; wraps the ZodError so it is not read as bad input. */
export class OutputRejected extends Error {
  override readonly name = 'OutputRejected';
  constructor(cause: unknown) {
    super('an answer did not match its output schema', { cause });
  }
}
