// keys.jwks: the public keys that verify access and id tokens, for any JWT library.
import { publicProcedure, router } from '../trpc.ts';

export const keysRouter = router({
  jwks: publicProcedure.query(({ ctx }) => ctx.services.keys.jwks()),
});
