// A request tRPC itself refuses before any procedure runs answers the contract's code with that
// code's status: a malformed request is VALIDATION_ERROR (422), as a malformed REST body is, never
// INTERNAL, which means 500 (docs/rest-api.md).
import { expect, it } from 'vitest';
import { rawRequest, startHttp } from '../helpers/http.ts';

it('a batch over maxBatchSize, or bad connectionParams, is 422 VALIDATION_ERROR; an unknown procedure 404', async () => {
  const { port, logs } = await startHttp();
  const host = `127.0.0.1:${port}`;
  const answer = async (path: string) => {
    const reply = await rawRequest(port, { path, headers: { host } });
    return { status: reply.status, httpStatus: reply.body.error.data.httpStatus, error: reply.body.error.data.error };
  };
  const invalid = { code: 'VALIDATION_ERROR', message: 'Validation failed.', details: { input: expect.any(String) } };
  const batch = Array.from({ length: 21 }, () => 'auth.methods').join(',');
  expect(await answer(`/trpc/${batch}?batch=1`)).toEqual({ status: 422, httpStatus: 422, error: invalid });
  expect(await answer('/trpc/auth.methods?connectionParams=1')).toEqual({
    status: 422,
    httpStatus: 422,
    error: invalid,
  });
  expect(await answer('/trpc/no.such.procedure')).toMatchObject({
    status: 404,
    httpStatus: 404,
    error: { code: 'NOT_FOUND' },
  });
  // Twenty calls are still one batch.
  const twenty = Array.from({ length: 20 }, () => 'auth.methods').join(',');
  expect((await rawRequest(port, { path: `/trpc/${twenty}?batch=1&input={}`, headers: { host } })).status).toBe(200);
  expect(logs.filter((line) => line.startsWith('level=error'))).toEqual([]);
});
