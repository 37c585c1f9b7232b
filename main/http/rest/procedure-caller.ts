// How a REST route runs its procedure: through tRPC's documented server-side caller, built once per
// server with a context function, instead of a caller (and its proxies) per request. The request's
// context rides in an AsyncLocalStorage for the length of the call; tRPC asks for it once, as the
// procedure starts. Same middleware, validation, limits and audit as IPC and in-process callers.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthServer } from '../../server/server.ts';
import type { Context } from '../../server/api/context.ts';
import { createCallerFactory } from '../../server/api/trpc.ts';

type Procedure = (input: unknown) => Promise<unknown>;

interface ServerCaller {
  caller: unknown;
  /** The caller's proxy for each procedure path, walked once. */
  procedures: Map<string, Procedure>;
}

const current = new AsyncLocalStorage<Context>();
const callers = new WeakMap<AuthServer, ServerCaller>();

function currentContext(): Context {
  const ctx = current.getStore();
  if (!ctx) throw new Error('a REST procedure ran outside its request');
  return ctx;
}

/** Calls the procedure at `path` (e.g. `account.me`) with this request's context and input. */
export function callProcedure(auth: AuthServer, path: string, ctx: Context, input: unknown): Promise<unknown> {
  let server = callers.get(auth);
  if (!server) {
    server = { caller: createCallerFactory(auth.router)(currentContext), procedures: new Map() };
    callers.set(auth, server);
  }
  let procedure = server.procedures.get(path);
  if (!procedure) {
    const node = path.split('.').reduce((parent, key) => (parent as Record<string, unknown>)[key], server.caller);
    procedure = node as Procedure;
    server.procedures.set(path, procedure);
  }
  const call = procedure;
  return current.run(ctx, () => call(input));
}
