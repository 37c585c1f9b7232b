// The one error type the auth server throws. It carries a stable code from shared/errors.ts and
// maps onto tRPC's codes so every transport reports the contract's HTTP status.
import { TRPCError } from '@trpc/server';
import { ERRORS, type ErrorCode } from '../../shared/errors.ts';

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

const TRPC_CODE_BY_STATUS: Record<number, TrpcCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export interface AuthErrorExtras {
  details?: Record<string, string>;
  reason?: string;
  retryAfter?: number;
  /** Message parameters, e.g. `{min: 8}` for a password-length detail. */
  params?: Record<string, number>;
  cause?: unknown;
}

export class AuthError extends TRPCError {
  readonly errorCode: ErrorCode;
  readonly extras: AuthErrorExtras;
  constructor(code: ErrorCode, extras: AuthErrorExtras = {}) {
    super({
      code: TRPC_CODE_BY_STATUS[ERRORS[code].status] ?? 'INTERNAL_SERVER_ERROR',
      message: ERRORS[code].en,
      cause: extras.cause,
    });
    this.errorCode = code;
    this.extras = extras;
  }

  get status(): number {
    return ERRORS[this.errorCode].status;
  }
}

export const fail = (code: ErrorCode, extras?: AuthErrorExtras): never => {
  throw new AuthError(code, extras);
};

/** The value, or NOT_FOUND when there is none (or it belongs to someone else). */
export function found<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new AuthError('NOT_FOUND');
  return value;
}
