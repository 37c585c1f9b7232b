// Who is calling: a valid access token whose session, user and device are all still live.
import { AuthError } from '../errors.ts';
import { loadLiveSession } from '../sessions/sessions.ts';
import type { AuthedContext, Context } from './context.ts';

export async function authenticate(ctx: Context): Promise<AuthedContext['auth']> {
  const { services, request } = ctx;
  const token = request.accessToken;
  if (!token) throw new AuthError('UNAUTHORIZED');
  const claims = await services.tokens.verifyAccessToken(token);
  if (!claims) throw new AuthError('UNAUTHORIZED');
  const live = loadLiveSession(services.db, claims.sid, services.clock.now(), services.lifetimes);
  if (!live || String(live.user.id) !== claims.sub) throw new AuthError('UNAUTHORIZED');
  return { ...live, claims };
}
