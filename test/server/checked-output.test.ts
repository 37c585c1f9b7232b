// Answers are checked against the procedure's `.output()` schema inside its resolver
// (main/server/api/checked-output.ts), with what tRPC's own output validation did: unknown fields
// are stripped, and an answer of the wrong shape never leaves the procedure.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { declaredProcedures } from '../../main/server/api/declared.ts';
import { createCallerFactory, publicProcedure, router } from '../../main/server/api/trpc.ts';
import { AuthError } from '../../main/server/errors.ts';
import { startServer } from '../helpers/server.ts';

const greeting = z.object({ text: z.string() });

function probeCaller(answer: unknown) {
  const probe = router({
    greet: publicProcedure.output(greeting).query(() => answer as z.infer<typeof greeting>),
    shout: publicProcedure.output(greeting).mutation(async () => answer as z.infer<typeof greeting>),
  });
  const { server, logs } = startServer({}, { file: true });
  const caller = createCallerFactory(probe)({
    services: server.services,
    request: { transport: 'internal', locale: 'en' },
  });
  return { probe, caller, lines: logs };
}

describe('checked outputs', () => {
  it('strips the fields the output schema does not name, for queries and mutations', async () => {
    const { caller } = probeCaller({ text: 'hi', passwordHash: 'secret' });
    expect(await caller.greet()).toStrictEqual({ text: 'hi' });
    expect(await caller.shout()).toStrictEqual({ text: 'hi' });
  });

  it('refuses an answer of the wrong shape as INTERNAL, logged, never as bad input from the caller', async () => {
    const { caller, lines } = probeCaller({ text: 42 });
    const failure = await caller.greet().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).errorCode).toBe('INTERNAL');
    expect((failure as AuthError).extras.details).toBeUndefined();
    expect(lines).toEqual(['level=error msg="procedure failed" path="greet" error="OutputRejected"']);
  });

  it('still lists the declared output schema', () => {
    const { probe } = probeCaller({ text: 'hi' });
    expect(declaredProcedures(probe).map((p) => [p.path, p.type, p.output])).toEqual([
      ['greet', 'query', greeting],
      ['shout', 'mutation', greeting],
    ]);
  });

  it('refuses an output on a subscription (tRPC would parse the stream itself)', () => {
    // tRPC's types refuse this too; the check is for a builder reached without them.
    const builder = publicProcedure.output(greeting) as unknown as { subscription(resolver: () => unknown): unknown };
    expect(() => builder.subscription(async function* () {})).toThrow(/subscriptions/);
  });
});
