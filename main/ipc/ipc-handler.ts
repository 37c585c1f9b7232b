// tRPC over one IPC channel: queries, mutations and subscriptions, in tRPC's own JSON-RPC message
// shape. Our own small adapter rather than trpc-electron, which leaves sender validation to the
// app, lets a failing createContext escape as an unhandled rejection and needs Electron to load.
// Every message passes the sender policy before it is parsed; a refused one is audited and
// answered FORBIDDEN. Errors travel as data (IPC keeps only messages), and every payload leaves
// without main-held tokens.
import { getTRPCErrorFromUnknown, type AnyRouter, type inferRouterContext, type TRPCError } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import type { BridgeMethod, BridgeResponse } from '../../shared/bridge.ts';
import { declaredProcedures } from '../server/api/declared.ts';
import type { Context } from '../server/api/context.ts';
import { createCallerFactory, errorShape } from '../server/api/trpc.ts';
import { AuthError } from '../server/errors.ts';
import { messageIdOf, parseBridgeRequest } from './bridge-messages.ts';
import { withoutHeldTokens } from './held-tokens.ts';
import { checkSender, originOf, type IpcEventLike, type SenderPolicy, type SenderRejection } from './sender-policy.ts';

export interface ProcedureCall<TContext> {
  path: string;
  type: BridgeMethod;
  input: unknown;
  ctx: TContext;
  signal: AbortSignal;
}

export type CallProcedure<TContext> = (call: ProcedureCall<TContext>) => Promise<unknown>;

export interface RejectedMessage {
  reason: SenderRejection | 'malformed';
  /** The sender's origin (never its full URL, which may carry secrets). */
  origin: string | undefined;
  webContentsId: number;
}

export interface IpcHandlerOptions<TRouter extends AnyRouter> {
  router: TRouter;
  channel: string;
  policy: SenderPolicy;
  createContext(input: { event: IpcEventLike; locale: string | undefined }): Promise<inferRouterContext<TRouter>>;
  /** Called for every refused message; the app audits it (services.audit.record). */
  onRejected(rejection: RejectedMessage): void;
  /** The app's session layer: may answer a call itself or adjust its result (sign-in results). */
  wrapCall?: (
    call: ProcedureCall<inferRouterContext<TRouter>>,
    next: CallProcedure<inferRouterContext<TRouter>>,
  ) => Promise<unknown>;
  /** An unexpected failure (logged by name only). */
  onInternalError?(error: unknown, path: string | undefined): void;
}

export interface IpcHandler {
  /** Handles one raw message; never throws. */
  handleMessage(event: IpcEventLike, raw: unknown): Promise<void>;
  /** Ends every subscription of one webContents (it navigated, reloaded or was destroyed). */
  releaseSender(webContentsId: number): void;
  /** Subscriptions still open (tests, shutdown). */
  readonly openSubscriptions: number;
}

export function createIpcHandler<TRouter extends AnyRouter>(options: IpcHandlerOptions<TRouter>): IpcHandler {
  type Ctx = inferRouterContext<TRouter>;
  const { router, channel } = options;
  const subscriptions = new Map<string, { webContentsId: number; controller: AbortController }>();

  const send = (event: IpcEventLike, response: BridgeResponse) => {
    if (!event.sender.isDestroyed()) event.reply(channel, withoutHeldTokens(response));
  };

  const sendError = (
    event: IpcEventLike,
    id: number,
    cause: unknown,
    call?: { path: string; type: BridgeMethod; ctx?: Ctx | undefined },
  ) => {
    const error = contractError(cause);
    if (error.errorCode === 'INTERNAL') options.onInternalError?.(error.cause ?? cause, call?.path);
    // The handler serves Latchkey's router, whose context is the server's (see createCaller below).
    send(event, { id, error: errorShape(error, call?.path, call?.ctx as Context | undefined) });
  };

  // tRPC's server-side caller runs a procedure by path with this call's context and signal. It
  // does not check the message's type, so that is done here: a query message naming a mutation is
  // as unknown as a path that does not exist.
  const createCaller = createCallerFactory(router as unknown as Parameters<typeof createCallerFactory>[0]);
  const typeOf = new Map(declaredProcedures(router).map((procedure) => [procedure.path, procedure.type]));
  const next: CallProcedure<Ctx> = async (call) => {
    if (typeOf.get(call.path) !== call.type) throw new AuthError('NOT_FOUND');
    const caller: unknown = createCaller(call.ctx as never, { signal: call.signal });
    const procedure = call.path.split('.').reduce((node, key) => (node as Record<string, unknown>)[key], caller);
    return (procedure as (input: unknown) => Promise<unknown>)(call.input);
  };

  const streamSubscription = async (
    event: IpcEventLike,
    id: number,
    key: string,
    call: ProcedureCall<Ctx>,
    result: unknown,
  ) => {
    const entry = subscriptions.get(key);
    if (!entry) return;
    const { signal } = entry.controller;
    const iterable = (
      isObservable(result) ? observableToAsyncIterable(result, signal) : result
    ) as AsyncIterable<unknown>;
    const iterator = iterable[Symbol.asyncIterator]();
    const aborted = new Promise<IteratorReturnResult<undefined>>((resolve) =>
      signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }),
    );
    try {
      for (;;) {
        const step = await Promise.race([iterator.next(), aborted]);
        if (step.done) break;
        send(event, { id, result: { type: 'data', data: step.value } });
      }
    } catch (cause) {
      sendError(event, id, cause, call);
    } finally {
      subscriptions.delete(key);
      // Not awaited: a generator parked on an await finishes its return() only when that settles.
      iterator.return?.().catch(() => {});
      send(event, { id, result: { type: 'stopped' } });
    }
  };

  return {
    get openSubscriptions() {
      return subscriptions.size;
    },

    releaseSender(webContentsId) {
      for (const { webContentsId: owner, controller } of subscriptions.values()) {
        if (owner === webContentsId) controller.abort();
      }
    },

    async handleMessage(event, raw) {
      const rejection = checkSender(event, options.policy);
      const request = rejection ? undefined : parseBridgeRequest(raw);
      if (rejection || !request) {
        try {
          options.onRejected({
            reason: rejection ?? 'malformed',
            origin: event.senderFrame ? originOf(event.senderFrame.url) : undefined,
            webContentsId: event.sender.id,
          });
        } catch (error) {
          // Auditing the refusal failed (a busy database): the sender is still answered, and main
          // gets no unhandled rejection.
          options.onInternalError?.(error, undefined);
        }
        const id = messageIdOf(raw);
        if (id !== undefined) {
          sendError(event, id, new AuthError(rejection ? 'FORBIDDEN' : 'VALIDATION_ERROR'));
        }
        return;
      }
      const key = `${event.sender.id}:${request.id}`;
      if (request.method === 'subscription.stop') {
        subscriptions.get(key)?.controller.abort();
        return;
      }
      const { path, input } = request.params;
      const type = request.method;
      let ctx: Ctx | undefined;
      try {
        if (type === 'subscription' && subscriptions.has(key)) throw new AuthError('VALIDATION_ERROR');
        const controller = new AbortController();
        ctx = await options.createContext({ event, locale: request.locale });
        const call: ProcedureCall<Ctx> = { path, type, input, ctx, signal: controller.signal };
        if (type === 'subscription') subscriptions.set(key, { webContentsId: event.sender.id, controller });
        let result: unknown;
        try {
          result = options.wrapCall ? await options.wrapCall(call, next) : await next(call);
        } catch (error) {
          subscriptions.delete(key);
          throw error;
        }
        if (type !== 'subscription') {
          send(event, { id: request.id, result: { type: 'data', data: result } });
          return;
        }
        send(event, { id: request.id, result: { type: 'started' } });
        void streamSubscription(event, request.id, key, call, result);
      } catch (cause) {
        sendError(event, request.id, cause, { path, type, ctx });
      }
    },
  };
}

/** Every failure leaves as the contract's AuthError: unknown paths as NOT_FOUND, the rest INTERNAL. */
function contractError(cause: unknown): AuthError {
  const error: TRPCError = getTRPCErrorFromUnknown(cause);
  if (error instanceof AuthError) return error;
  if (error.code === 'NOT_FOUND' || error.code === 'METHOD_NOT_SUPPORTED') return new AuthError('NOT_FOUND');
  return new AuthError('INTERNAL', { cause: error });
}
