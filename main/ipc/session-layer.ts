// Between the IPC adapter and the router: main's app session takes every completed sign-in (the
// renderer then receives it without tokens) and answers `auth.refresh` itself, with the refresh
// token only main holds. Whatever the renderer sent as a refresh token is ignored.
import type { AppSession } from '../app-session/app-session.ts';
import type { Context } from '../server/api/context.ts';
import { AuthError } from '../server/errors.ts';
import { isAuthResult } from './held-tokens.ts';
import type { CallProcedure, ProcedureCall } from './ipc-handler.ts';

export function sessionLayer(session: AppSession) {
  return async (call: ProcedureCall<Context>, next: CallProcedure<Context>): Promise<unknown> => {
    if (call.path === 'auth.refresh' && call.type === 'mutation') {
      const refreshed = await session.refresh();
      await session.saved();
      if (!refreshed) throw new AuthError('UNAUTHORIZED');
      return refreshed;
    }
    const result = await next(call);
    if (isAuthResult(result)) session.adopt(result);
    // The renderer hears of a change only once remember-me's copy of it is on disk.
    if (call.type !== 'subscription') await session.saved();
    return result;
  };
}
