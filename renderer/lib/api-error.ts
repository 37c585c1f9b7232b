// Every failure a screen can see, as the contract's ApiError: the server's own (from tRPC's error
// data) or a network failure, which reads as the service being unavailable.
import { TRPCClientError } from '@trpc/client';
import { isErrorCode, type ApiError } from '../../shared/errors.ts';

export function toApiError(error: unknown): ApiError {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const inner = data && typeof data === 'object' && 'error' in data ? (data as { error: unknown }).error : undefined;
    if (inner && typeof inner === 'object' && 'code' in inner && isErrorCode(inner.code)) return inner as ApiError;
    if (!data) return { code: 'SERVICE_UNAVAILABLE', message: error.message };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function isApiError(value: unknown): value is ApiError {
  return !!value && typeof value === 'object' && 'code' in value && isErrorCode((value as ApiError).code);
}
