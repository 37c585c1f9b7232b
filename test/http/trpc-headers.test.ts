// tRPC's answers at /trpc carry the headers REST answers do: application/json; charset=utf-8
// (docs/security.md R61) and, on a 429, Retry-After (docs/rest-api.md).
import { expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it('answers, failures and batches over /trpc say charset=utf-8, like REST', async () => {
  const { url } = await startHttp();
  const methods = await fetch(`${url}/trpc/auth.methods`);
  const login = await post(url, 'auth.login', { email: 'ada@example.com', password: 'not the password at all' });
  const batch = await fetch(`${url}/trpc/auth.methods,auth.methods?batch=1&input={}`);
  const missing = await fetch(`${url}/trpc/no.such.procedure`);
  expect([methods.status, login.status, batch.status, missing.status]).toEqual([200, 401, 200, 404]);
  for (const reply of [methods, login, batch, missing]) {
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('cache-control')).toBe('no-store');
  }
  expect(methods.headers.get('retry-after')).toBeNull();
});

it('a 429 over /trpc carries Retry-After as the REST facade does', async () => {
  const { url, api } = await startHttp({ limits: { captcha: { address: 1, global: 1000 } } });
  expect((await post(url, 'auth.requestCaptcha', {})).status).toBe(200);
  const rest = await api.post('/v1/auth/captcha', {});
  const trpc = await post(url, 'auth.requestCaptcha', {});
  expect([rest.status, trpc.status]).toEqual([429, 429]);
  const body = (await trpc.json()) as { error: { data: { error: { retryAfter: number } } } };
  expect(body.error.data.error.retryAfter).toBe(rest.body.error.retryAfter);
  expect(trpc.headers.get('retry-after')).toBe(rest.headers.get('retry-after'));
  expect(trpc.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
});
