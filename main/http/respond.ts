// Every HTTP answer goes out through here: the REST envelope, the contract's status for each error
// code, and the headers docs/security.md R61 asks of auth responses.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERRORS, type ApiError, type Locale } from '../../shared/errors.ts';
import { toApiError } from '../server/api/trpc.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendData(res: ServerResponse, data: unknown): void {
  sendJson(res, 200, { success: true, data: data ?? null });
}

/** The REST error envelope: `{code, message, details?, retryAfter?}` (docs/rest-api.md). */
export function restError(apiError: ApiError): { success: false; error: Omit<ApiError, 'reason'> } {
  const { code, message, details, retryAfter } = apiError;
  return {
    success: false,
    error: { code, message, ...(details ? { details } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) },
  };
}

/** The `Retry-After` header for an error's `retryAfter`: whole seconds, at least 1. */
export function retryAfterHeader(retryAfter: number): string {
  return String(Math.max(1, Math.ceil(retryAfter)));
}

export function sendError(res: ServerResponse, error: unknown, locale: Locale): void {
  const apiError = toApiError(error, locale);
  if (apiError.retryAfter !== undefined) res.setHeader('Retry-After', retryAfterHeader(apiError.retryAfter));
  sendJson(res, ERRORS[apiError.code].status, restError(apiError));
}

/**
 * Refuses a WebSocket upgrade with a plain HTTP answer in the envelope, then closes the socket.
 * `hangUp` (the server is stopping) destroys it once written rather than wait for the client's end.
 */
export function rejectUpgrade(socket: Duplex, error: unknown, locale: Locale, hangUp = false): void {
  const apiError = toApiError(error, locale);
  const status = ERRORS[apiError.code].status;
  const body = JSON.stringify(restError(apiError));
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    ...(apiError.retryAfter !== undefined ? [`Retry-After: ${retryAfterHeader(apiError.retryAfter)}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`, hangUp ? () => socket.destroy() : undefined);
}
