// The core router: the procedures every server serves, in dev mode or not (docs/architecture.md).
import { router } from './trpc.ts';
import { accountRouter } from './routers/account.ts';
import { adminRouter } from './routers/admin.ts';
import { authRouter } from './routers/auth.ts';
import { devicesRouter } from './routers/devices.ts';
import { keysRouter } from './routers/keys.ts';
import { passkeysRouter } from './routers/passkeys.ts';
import { sessionsRouter } from './routers/sessions.ts';
import { totpRouter } from './routers/totp.ts';

/** The groups of procedures, by name: IPC serves them beside main's own `app.*` (main/ipc/ipc-router.ts). */
export const coreRouters = {
  auth: authRouter,
  account: accountRouter,
  devices: devicesRouter,
  sessions: sessionsRouter,
  totp: totpRouter,
  passkeys: passkeysRouter,
  keys: keysRouter,
  admin: adminRouter,
};

export const appRouter = router(coreRouters);

export type AppRouter = typeof appRouter;
