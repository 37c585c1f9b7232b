// keys.jwks: the public keys that verify access and id tokens, for any JWT library.
import { jwksSchema } from '../../../../shared/outputs.ts';
import { publicProcedure, router } from '../trpc.ts';

export const keysRouter = router({
  jwks: publicProcedure
    .output(jwksSchema)
    .meta({
      rest: {
        method: 'GET',
        path: '/.well-known/jwks.json',
        summary: 'Public keys that verify access and id tokens',
        tag: 'keys',
        raw: true,
      },
    })
    .query(({ ctx }) => ctx.services.keys.jwks()),
});
