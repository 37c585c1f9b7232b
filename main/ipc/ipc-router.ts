// The router the renderer reaches over IPC: the one core router plus main's `app.*` procedures.
import { coreRouters } from '../server/api/router.ts';
import { router } from '../server/api/trpc.ts';
import { createAppRouter } from '../app-session/app-router.ts';
import type { AppSession } from '../app-session/app-session.ts';

export function createIpcRouter(session: AppSession) {
  return router({ ...coreRouters, app: createAppRouter(session) });
}

/** What the renderer's tRPC client is typed with in Electron. */
export type IpcRouter = ReturnType<typeof createIpcRouter>;
