// Who is calling: a valid access token whose session, user and device are all still live.
import { AuthError } from '../errors.ts';
import { readTogether } from '../db/read-together.ts';
import { readLiveSession } from '../sessions/sessions.ts';
import type { AuthedContext, Context } from './context.ts';

export async function authenticate(ctx: Context): Promise<AuthedContext['auth']> {
  const { services, request } = ctx;
  const token = request.accessToken;
  if (!token) throw new AuthError('UNAUTHORIZED');
  const claims = await services.tokens.verifyAccessToken(token);
  if (!claims) throw new AuthError('UNAUTHORIZED');
  // The user's extras (TOTP state) come with the same read transaction: account.me needs them.
  const live = readTogether(services.db, () => {
    const found = readLiveSession(services.db, claims.sid, services.clock.now(), services.lifetimes);
    return found && { ...found, extras: services.userExtras(found.user.id) };
  });
  if (!live || String(live.user.id) !== claims.sub) throw new AuthError('UNAUTHORIZED');
  return { ...live, claims };
}
