// `app.*`: the procedures only the Electron renderer has, served over IPC beside the core router.
// They act on main's app session: which held account is active, remember-me, live changes. None
// returns a token. The dev outbox is the dev router's `dev.outbox` (served over IPC too in dev mode);
// `app.devOutbox` forwards to it, as a plain list, for renderers that still ask here.
import * as z from 'zod';
import { appSessionStateSchema, devMailMessageSchema } from '../../shared/outputs.ts';
import { AuthError } from '../server/errors.ts';
import { devRouter } from '../server/api/routers/dev.ts';
import { createCallerFactory, publicProcedure, router } from '../server/api/trpc.ts';
import type { AppSession, AppSessionState } from './app-session.ts';

const createDevCaller = createCallerFactory(devRouter);

export function createAppRouter(session: AppSession) {
  return router({
    state: publicProcedure.output(appSessionStateSchema).query(() => session.state),
    switchAccount: publicProcedure
      .input(z.strictObject({ userId: z.number().int().positive() }))
      .output(appSessionStateSchema)
      .mutation(({ input }) => {
        if (!session.switchTo(input.userId)) throw new AuthError('NOT_FOUND');
        return session.state;
      }),
    detach: publicProcedure.output(appSessionStateSchema).mutation(() => {
      session.detach();
      return session.state;
    }),
    setRememberMe: publicProcedure
      .input(z.strictObject({ remember: z.boolean() }))
      .output(appSessionStateSchema)
      .mutation(({ input }) => {
        session.setRememberMe(input.remember);
        return session.state;
      }),
    signOut: publicProcedure.output(appSessionStateSchema).mutation(async () => {
      await session.signOut();
      return session.state;
    }),
    /** The state now, then again after every change (sign-in, refresh, switch, sign-out). */
    changes: publicProcedure.subscription(({ signal }) => stateChanges(session, signal)),
    /** Dev mode only: the mail the outbox holds, codes included. */
    devOutbox: publicProcedure
      .input(z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }).optional())
      .output(devMailMessageSchema.array())
      .query(async ({ ctx, input }) => {
        if (!ctx.services.config.devMode || !ctx.services.mail) throw new AuthError('NOT_FOUND');
        return (await createDevCaller(ctx).outbox({ limit: input?.limit ?? 50 })).messages;
      }),
  });
}

async function* stateChanges(session: AppSession, signal: AbortSignal | undefined): AsyncGenerator<AppSessionState> {
  let changed = true;
  let wake: (() => void) | undefined;
  const stop = session.onAuthChange(() => {
    changed = true;
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    while (!signal?.aborted) {
      if (changed) {
        changed = false;
        yield session.state;
        continue;
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = undefined;
    }
  } finally {
    stop();
  }
}
