// A tRPC link over the Electron preload bridge (`window.latchkey`): each call is one message on
// the port, answered by messages with the same id (tRPC's own JSON-RPC shapes). Errors arrive as
// data and become TRPCClientErrors, so screens handle them exactly as over HTTP.
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';
import type { BridgeResponse, LatchkeyBridge } from '../../shared/bridge.ts';

// One id space for every link on the page: two clients on one bridge must not share an id.
let nextId = 1;

export function bridgeLink<TRouter extends AnyRouter>(
  bridge: LatchkeyBridge,
  locale: () => string = () => 'en',
): TRPCLink<TRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const id = nextId++;
        const subscription = op.type === 'subscription';
        let done = false;
        const unsubscribe = bridge.onMessage((message: BridgeResponse) => {
          if (!('id' in message) || message.id !== id) return;
          if ('error' in message) {
            done = true;
            unsubscribe();
            observer.error(TRPCClientError.from({ error: message.error }));
            return;
          }
          const { result } = message;
          if (result.type === 'data') observer.next({ result: { type: 'data', data: result.data } });
          else if (result.type === 'started') observer.next({ result: { type: 'started' } });
          if (!subscription || result.type === 'stopped') {
            done = true;
            unsubscribe();
            observer.complete();
          }
        });
        bridge.sendMessage({ id, method: op.type, params: { path: op.path, input: op.input }, locale: locale() });
        return () => {
          unsubscribe();
          if (subscription && !done) bridge.sendMessage({ id, method: 'subscription.stop' });
        };
      });
}
