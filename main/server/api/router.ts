// The one router every transport serves (docs/architecture.md), chosen per server: the core
// procedures, plus the `dev` group when the server runs in dev mode. Without dev mode `dev.*` is
// not merely refused but absent: REST answers 404, /trpc NOT_FOUND, OpenAPI and IPC do not list it.
import { router } from './trpc.ts';
import { appRouter, coreRouters, type AppRouter } from './core-router.ts';
import { devRouter } from './routers/dev.ts';

export { appRouter, coreRouters, type AppRouter };

export const devAppRouter = router({ ...coreRouters, dev: devRouter });

/** Typed as the core router, which clients know; in dev mode it also carries `dev.*`. */
export const routerFor = (config: { devMode: boolean }): AppRouter => (config.devMode ? devAppRouter : appRouter);

export type DevAppRouter = typeof devAppRouter;
