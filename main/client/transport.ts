// One HTTP exchange with the server: JSON in, the envelope's data out, or a LatchkeyError. Uses
// only what every runtime the client targets has (fetch, AbortController, setTimeout), never a
// Node built-in or a DOM global.
import type { ApiError } from '../../shared/errors.ts';
import { LatchkeyError, LatchkeyNetworkError } from './errors.ts';

/** The part of a fetch Response the client reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** `fetch` or anything shaped like it (a polyfill, a test's counting wrapper). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export interface TransportOptions {
  baseUrl: string;
  fetch?: FetchLike | undefined;
  timeoutMs: number;
  locale?: string | undefined;
}

export interface Exchange {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: object | undefined;
  accessToken?: string | undefined;
  /** A procedure REST has no route for, at the same server's /trpc endpoint (same contract errors). */
  trpc?: boolean;
}

export type Transport = <T>(exchange: Exchange) => Promise<T>;

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  return async <T>(exchange: Exchange): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.locale) headers['accept-language'] = options.locale;
    if (exchange.accessToken) headers.authorization = `Bearer ${exchange.accessToken}`;
    const init: FetchInit = { method: exchange.method, headers };
    // tRPC asks for the JSON content type on every POST, even one without a body.
    if (exchange.body !== undefined || exchange.trpc) headers['content-type'] = 'application/json';
    if (exchange.body !== undefined) init.body = JSON.stringify(exchange.body);
    const controller = new AbortController();
    init.signal = controller.signal;
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    let status: number;
    let text: string;
    let retryAfterHeader: string | null;
    try {
      // Called unbound: browsers refuse a fetch whose `this` is not the global object.
      const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
      const response = await fetchImpl(base + exchange.path, init);
      status = response.status;
      retryAfterHeader = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      const what = controller.signal.aborted
        ? `no answer within ${options.timeoutMs} ms`
        : 'could not reach the server';
      throw new LatchkeyNetworkError(`${exchange.method} ${exchange.path}: ${what}`, error);
    } finally {
      clearTimeout(timer);
    }
    return (exchange.trpc ? readTrpc : readRest)(status, text, retryAfterHeader) as T;
  };
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function readRest(status: number, text: string, retryAfter: string | null): unknown {
  const body = parse(text);
  if (isObject(body) && body.success === true && status >= 200 && status < 300) return body.data;
  if (isObject(body) && body.success === false && isApiError(body.error)) {
    throw LatchkeyError.fromApiError(status, body.error, seconds(retryAfter));
  }
  throw unexpectedAnswer(status, retryAfter);
}

function readTrpc(status: number, text: string, retryAfter: string | null): unknown {
  const body = parse(text);
  if (isObject(body) && isObject(body.result) && status >= 200 && status < 300) return body.result.data;
  const data = isObject(body) && isObject(body.error) ? body.error.data : undefined;
  if (isObject(data) && isApiError(data.error))
    throw LatchkeyError.fromApiError(status, data.error, seconds(retryAfter));
  throw unexpectedAnswer(status, retryAfter);
}

function isApiError(value: unknown): value is ApiError {
  return isObject(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

function seconds(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** An answer not in the contract's envelope (a proxy's error page, a different server). */
function unexpectedAnswer(status: number, retryAfter: string | null): LatchkeyError {
  const unavailable = status === 502 || status === 503 || status === 504;
  return new LatchkeyError({
    code: unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL',
    status,
    message: `The server answered ${status} without a Latchkey envelope.`,
    retryAfter: seconds(retryAfter),
  });
}
