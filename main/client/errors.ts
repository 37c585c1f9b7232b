// Failures the client reports. A refusal carries the server's contract code and status; a network
// failure (no answer at all) is its own class with its own code, so callers can tell
// "the server said no" from "the server could not be reached".
import type { ApiError, ErrorCode } from '../../shared/errors.ts';

/** Not a server code: the request got no answer (refused connection, DNS, timeout, dropped socket). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export type LatchkeyErrorCode = ErrorCode | typeof NETWORK_ERROR;

export interface LatchkeyErrorInit {
  code: LatchkeyErrorCode;
  status: number;
  message: string;
  details?: Record<string, string> | undefined;
  retryAfter?: number | undefined;
  reason?: string | undefined;
  cause?: unknown;
}

export class LatchkeyError extends Error {
  override readonly name: string = 'LatchkeyError';
  readonly code: LatchkeyErrorCode;
  /** The HTTP status the server answered with; 0 when there was no answer. */
  readonly status: number;
  /** Per-field messages for VALIDATION_ERROR, keyed by the field's dotted path. */
  readonly details: Record<string, string> | undefined;
  /** Seconds until a retry can succeed (RATE_LIMITED, TOO_MANY_ATTEMPTS). */
  readonly retryAfter: number | undefined;
  /** Machine-readable cause where one code covers several, when the server sends one. */
  readonly reason: string | undefined;

  constructor(init: LatchkeyErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.retryAfter = init.retryAfter;
    this.reason = init.reason;
  }

  /** True only for LatchkeyNetworkError: the server never answered. */
  get isNetworkError(): boolean {
    return false;
  }

  static fromApiError(status: number, error: ApiError, retryAfterHeader?: number): LatchkeyError {
    return new LatchkeyError({
      code: error.code,
      status,
      message: error.message,
      details: error.details,
      retryAfter: error.retryAfter ?? retryAfterHeader,
      reason: error.reason,
    });
  }
}

export class LatchkeyNetworkError extends LatchkeyError {
  override readonly name: string = 'LatchkeyNetworkError';
  constructor(message: string, cause?: unknown) {
    super({ code: NETWORK_ERROR, status: 0, message, cause });
  }

  override get isNetworkError(): boolean {
    return true;
  }
}

export const isLatchkeyError = (value: unknown): value is LatchkeyError => value instanceof LatchkeyError;
