// The router the renderer reaches over IPC: the server's own groups (with `dev` in dev mode, the
// same procedures HTTP serves) plus main's `app.*` procedures.
import { coreRouters } from '../server/api/router.ts';
import { devRouter } from '../server/api/routers/dev.ts';
import { router } from '../server/api/trpc.ts';
import { createAppRouter } from '../app-session/app-router.ts';
import type { AppSession } from '../app-session/app-session.ts';

export function createIpcRouter(session: AppSession, options: { devMode: boolean } = { devMode: false }) {
  const app = createAppRouter(session);
  const withDev = router({ ...coreRouters, dev: devRouter, app });
  // Typed with `dev` so the renderer can name it; without dev mode it is not there at all (NOT_FOUND).
  return options.devMode ? withDev : (router({ ...coreRouters, app }) as unknown as typeof withDev);
}

/** What the renderer's tRPC client is typed with in Electron; `dev.*` answers only in dev mode. */
export type IpcRouter = ReturnType<typeof createIpcRouter>;
