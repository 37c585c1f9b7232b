// tRPC is initialised here, once. Every procedure goes through `errorBoundary`, which turns any
// failure into an AuthError with a contract code; the formatter then renders it in the caller's
// language with no stack, SQL or library internals (docs/security.md R48).
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY, type TRPC_ERROR_CODE_NUMBER } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { ERRORS, errorMessage, type ApiError, type Locale } from '../../../shared/errors.ts';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import { AuthError } from '../errors.ts';
import type { AuthedContext, Context } from './context.ts';
import { fieldDetails } from './validation.ts';
import { authenticate } from './authenticate.ts';
import { listed, recording } from './declared.ts';
import type { ProcedureMeta } from './meta.ts';

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    errorFormatter: ({ error, path, ctx }) => errorShape(error, path, ctx),
  });

/**
 * The shape of every tRPC error answer: tRPC's JSON-RPC code and HTTP status, and the contract's
 * error in the caller's language. Built from tRPC's public helpers, so that a transport that runs
 * procedures through the caller (IPC) sends exactly what the formatter would.
 */
export function errorShape(
  error: TRPCError,
  path: string | undefined,
  ctx: Context | undefined,
): {
  message: string;
  code: TRPC_ERROR_CODE_NUMBER;
  data: { code: TRPC_ERROR_CODE_KEY; httpStatus: number; path: string | undefined; error: ApiError };
} {
  const apiError = toApiError(error, ctx?.request.locale);
  // The contract's status for the contract's code, also for tRPC's own refusals (transportError).
  const httpStatus = ERRORS[apiError.code].status;
  return {
    message: apiError.message,
    code: TRPC_ERROR_CODES_BY_KEY[error.code],
    data: { code: error.code, httpStatus, path, error: apiError },
  };
}

/** The contract's error object for any failure, in the caller's language (every transport uses it). */
export function toApiError(error: unknown, locale: Locale = 'en'): ApiError {
  const authError = error instanceof AuthError ? error : transportError(error, locale);
  const { details, reason, retryAfter, params } = authError.extras;
  const apiError: ApiError = { code: authError.errorCode, message: errorMessage(authError.errorCode, locale) };
  if (details) apiError.details = details;
  if (reason) apiError.reason = reason;
  if (reason && !details && reason.startsWith('password_')) {
    apiError.details = { password: fieldMessage(reason as 'password_blocklisted', locale, params) };
  }
  if (retryAfter !== undefined) apiError.retryAfter = retryAfter;
  return apiError;
}

/** Failures raised by tRPC itself before a procedure ran (unknown path, wrong method, huge body). */
function transportError(error: unknown, locale: Locale): AuthError {
  switch (error instanceof TRPCError ? error.code : undefined) {
    case 'NOT_FOUND':
      return new AuthError('NOT_FOUND');
    case 'METHOD_NOT_SUPPORTED':
      return new AuthError('METHOD_NOT_ALLOWED');
    case 'PAYLOAD_TOO_LARGE':
      return new AuthError('PAYLOAD_TOO_LARGE');
    case 'UNSUPPORTED_MEDIA_TYPE':
      return new AuthError('UNSUPPORTED_MEDIA_TYPE');
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      // A request tRPC cannot take (a batch over maxBatchSize, bad connectionParams) is the
      // client's input, answered as a malformed body is (docs/rest-api.md).
      return new AuthError('VALIDATION_ERROR', { details: { input: fieldMessage('invalid', locale) } });
    default:
      // INTERNAL, and so 500: the server cannot answer (docs/rest-api.md).
      return new AuthError('INTERNAL');
  }
}

/**
 * Maps every failure onto the contract before it leaves a procedure, and holds every answer,
 * success or failure (a failed sign-in still counts against its lockout), until what the
 * procedure wrote is on disk. `run` is the rest of the call: next(), or authentication then next().
 */
async function bounded<R extends { ok: boolean }>(ctx: Context, path: string, run: () => Promise<R>): Promise<R> {
  let result: R | undefined;
  let thrown: unknown;
  try {
    result = await run();
  } catch (error) {
    // Authentication runs inside the boundary: what it throws is mapped like a failed result.
    thrown = error;
  } finally {
    await durable(ctx, path);
  }
  if (result?.ok) return result;
  throw contractError(ctx, path, thrown ?? (result as unknown as { error: TRPCError }).error);
}

function contractError(ctx: Context, path: string, error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const failure = error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
  if (failure.cause instanceof ZodError) {
    return new AuthError('VALIDATION_ERROR', { details: fieldDetails(failure.cause, ctx.request.locale) });
  }
  if (failure.code === 'PARSE_ERROR' || failure.code === 'BAD_REQUEST') {
    return new AuthError('VALIDATION_ERROR', { details: { input: fieldMessage('invalid', ctx.request.locale) } });
  }
  if (failure.code === 'NOT_FOUND') return new AuthError('NOT_FOUND');
  ctx.services.logger.log('error', 'procedure failed', {
    path,
    error: failure.cause instanceof Error ? failure.cause.name : failure.name,
  });
  return new AuthError('INTERNAL');
}

const errorBoundary = t.middleware(({ ctx, next, path }) => bounded(ctx, path, () => next()));

async function durable(ctx: Context, path: string): Promise<void> {
  try {
    await ctx.services.commits.durable();
  } catch (error) {
    ctx.services.logger.log('error', 'database flush failed', {
      path,
      error: error instanceof Error ? error.message : 'unknown',
    });
    throw new AuthError('INTERNAL');
  }
}

/** tRPC's router factory, listing what it is given (declared.ts: the transports read the listing). */
export const router: typeof t.router = (record) => listed(t.router(record), record);
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = recording(t.procedure).use(errorBoundary);

/**
 * A live session behind a valid access token; the context then carries who is calling. The
 * boundary and the authentication are one middleware, not two: every level of tRPC's chain copies
 * the call's options again, on every authenticated call.
 */
export const authedProcedure = recording(t.procedure)
  .meta({ auth: true })
  .use(({ ctx, next, path }) =>
    bounded(ctx, path, async () => {
      const auth = await authenticate(ctx);
      return next({ ctx: { ...ctx, auth } satisfies AuthedContext });
    }),
  );

/** An admin's live session, or the in-process admin caller (which has no session). */
export const adminProcedure = publicProcedure.meta({ auth: true }).use(async ({ ctx, next }) => {
  let auth: AuthedContext['auth'] | undefined;
  if (!(ctx.request.internalAdmin && ctx.request.transport === 'internal')) {
    auth = await authenticate(ctx);
    if (auth.user.role !== 'admin') throw new AuthError('FORBIDDEN');
  }
  return next({ ctx: { ...ctx, auth } });
});
