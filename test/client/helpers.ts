// Shared by the client's tests: a real dev-mode server on 127.0.0.1 and clients whose requests
// are counted, so "exactly one refresh" is a fact read off the wire.
import { expect } from 'vitest';
import {
  createLatchkeyClient,
  LatchkeyError,
  type FetchLike,
  type LatchkeyClientOptions,
} from '../../main/client/index.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import { startHttp } from '../helpers/http.ts';

export async function startClientServer(config: ServerConfigInput = {}) {
  const started = await startHttp(config, { dev: true });
  const requests: string[] = [];
  const countingFetch: FetchLike = (url, init) => {
    requests.push(`${init.method} ${new URL(url).pathname}`);
    return fetch(url, init);
  };
  const newClient = (options: Partial<LatchkeyClientOptions> = {}) =>
    createLatchkeyClient({ url: started.url, fetch: countingFetch, ...options });
  /** The latest code mailed to `email`, read from the outbox. */
  const codeFor = (email: string) => started.server.services.mail!.outbox({ email, limit: 1 })[0]!.code!;
  const count = (request: string) => requests.filter((line) => line === request).length;
  return { ...started, requests, count, newClient, codeFor };
}

/** The LatchkeyError a call failed with (failing the test if it did not fail so). */
export async function refusal(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  return error as LatchkeyError;
}
