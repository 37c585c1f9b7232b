// The listing every transport derives from (main/server/api/declared.ts): it names every procedure
// of the router with its schemas and meta, and a procedure built outside trpc.ts is refused.
import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { declaredProcedures } from '../../main/server/api/declared.ts';
import { appRouter } from '../../main/server/api/router.ts';
import { authedProcedure, router } from '../../main/server/api/trpc.ts';
import { procedureRoutes } from '../../main/http/rest/routes.ts';
import { publicUserSchema } from '../../shared/outputs.ts';

describe('declared procedures', () => {
  it('lists every procedure of the router, each with an output schema', () => {
    const listing = declaredProcedures(appRouter);
    // tRPC's own table, read here only as the reference the listing must match.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    expect(listing.map((p) => p.path).sort()).toEqual(Object.keys(procedures).sort());
    for (const procedure of listing) {
      expect(procedure.type, procedure.path).toBe(procedures[procedure.path]!._def.type);
      expect(procedure.output, procedure.path).toBeDefined();
    }
    const me = listing.find((p) => p.path === 'account.me')!;
    expect(me).toMatchObject({ type: 'query', inputs: [], output: publicUserSchema });
    expect(me.meta).toEqual({
      auth: true,
      rest: { method: 'GET', path: '/v1/me', summary: 'The signed-in user', tag: 'account' },
    });
  });

  it('turns meta.rest into the REST route, auth from the procedure kind', () => {
    const probe = router({
      group: router({
        shout: authedProcedure
          .output(publicUserSchema)
          .meta({ rest: { method: 'POST', path: '/v1/probe/:id', summary: 'Probe', tag: 'probe', signIn: true } })
          .mutation(() => {
            throw new Error('not called');
          }),
        quiet: authedProcedure.output(publicUserSchema).query(() => {
          throw new Error('not called');
        }),
      }),
    });
    expect(procedureRoutes(probe)).toEqual([
      {
        method: 'POST',
        path: '/v1/probe/:id',
        summary: 'Probe',
        tag: 'probe',
        signIn: true,
        auth: true,
        procedure: 'group.shout',
        input: undefined,
        takesInput: false,
        output: publicUserSchema,
      },
    ]);
  });

  it('refuses a procedure not built with the builders of trpc.ts', () => {
    const stray = initTRPC.create().procedure.query(() => 1);
    expect(() => router({ stray })).toThrow(/stray: declare procedures with the builders/);
  });
});
