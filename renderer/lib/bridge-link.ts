// A tRPC link over the Electron preload bridge (`window.latchkey`): each call is one message on
// the port, answered by a message with the same id. Errors arrive as data and become
// TRPCClientErrors, so screens handle them exactly as over HTTP.
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';
import type { BridgeResponse, LatchkeyBridge } from '../../shared/bridge.ts';

export function bridgeLink<TRouter extends AnyRouter>(bridge: LatchkeyBridge): TRPCLink<TRouter> {
  let nextId = 1;
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === 'subscription') {
          observer.error(TRPCClientError.from(new Error('subscriptions are not carried by the bridge')));
          return () => {};
        }
        const id = nextId++;
        const unsubscribe = bridge.onMessage((message: BridgeResponse) => {
          if (!('id' in message) || message.id !== id) return;
          unsubscribe();
          if ('error' in message) {
            observer.error(TRPCClientError.from({ error: message.error }));
          } else {
            observer.next({ result: { type: 'data', data: message.result.data } });
            observer.complete();
          }
        });
        bridge.sendMessage({ id, method: op.type, params: { path: op.path, input: op.input } });
        return unsubscribe;
      });
}
