// A stand-in server for the screens' unit tests: a transport whose tRPC link records every call
// (path and input) and answers it from a table of handlers; a handler that throws an ApiError
// answers that error, as the real server's error data would carry it.
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { ApiError } from '../../shared/errors.ts';
import type { Transport } from '../../renderer/lib/transport.ts';

export interface Call {
  path: string;
  input: unknown;
}

export type Handler = (input: unknown) => unknown;

export function fakeServer(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw { code: 'NOT_FOUND', message: `no handler for ${op.path}` } satisfies ApiError;
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: ApiError) =>
              observer.error(
                TRPCClientError.from({ error: { code: -32600, message: error.message, data: { error } } }),
              ),
          );
      });
  const transport: Transport = {
    kind: 'http',
    appInfo: {},
    storage: undefined,
    link: () => link,
    listen: () => () => {},
    device: () => undefined,
    rememberDevice: () => {},
  };
  return { transport, calls };
}

/** Lets the element's pending calls and renders settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
