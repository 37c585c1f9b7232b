/* eslint-disable @typescript-eslint/no-explicit-any -- walking a JSON document */
// The documents and the other doors: OpenAPI 3.1 generated from the route table and zod schemas
// (valid, every REST route listed), JWKS verified by an independent JWT implementation
// (Debian's python3-jwt), and tRPC over HTTP with batching.
import { validate } from '@readme/openapi-parser';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../main/server/api/router.ts';
import { REST_ROUTES } from '../../main/http/rest/routes.ts';
import { verifyWithPyJwt } from '../helpers/pyjwt.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startHttp } from '../helpers/http.ts';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document listing every REST route of docs/rest-api.md', async () => {
    const { api } = await startHttp();
    const reply = await api.get('/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    const listed = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const contract = [
      'GET /v1/auth/methods',
      'POST /v1/auth/register',
      'POST /v1/auth/login',
      'POST /v1/auth/email-code',
      'POST /v1/auth/email-code/verify',
      // Beyond the core routes (docs/rest-api.md): a REST client must be able to answer CAPTCHA_REQUIRED.
      'POST /v1/auth/captcha',
      'POST /v1/auth/password-reset',
      'POST /v1/auth/password-reset/confirm',
      'POST /v1/auth/magic-link',
      'POST /v1/auth/magic-link/describe',
      'POST /v1/auth/magic-link/verify',
      'POST /v1/auth/email-change/report',
      'POST /v1/auth/2fa',
      'POST /v1/auth/passkey/options',
      'POST /v1/auth/passkey/verify',
      'POST /v1/auth/refresh',
      'POST /v1/auth/logout',
      // Signing in to a kiosk from a phone (device grant).
      'POST /v1/auth/device-code',
      'POST /v1/auth/device-code/poll',
      'POST /v1/device-code/describe',
      'POST /v1/device-code/approve',
      'POST /v1/device-code/deny',
      'GET /v1/me',
      'PATCH /v1/me',
      'DELETE /v1/me',
      'POST /v1/me/email',
      'POST /v1/me/email/confirm',
      'POST /v1/me/totp',
      'POST /v1/me/totp/confirm',
      'DELETE /v1/me/totp',
      'POST /v1/me/passkeys/options',
      'POST /v1/me/passkeys',
      'GET /v1/me/passkeys',
      'PATCH /v1/me/passkeys/{id}',
      'DELETE /v1/me/passkeys/{id}',
      'GET /v1/devices',
      'PATCH /v1/devices/{id}',
      'DELETE /v1/devices/{id}',
      'DELETE /v1/devices/{id}/trust',
      'GET /v1/sessions',
      'DELETE /v1/sessions/{id}',
      'GET /.well-known/jwks.json',
      'GET /healthz',
    ];
    expect(listed.sort()).toEqual(contract.sort());
    expect(REST_ROUTES).toHaveLength(contract.length);
  });

  it('in dev mode is still valid and lists the dev routes, path parameters only in the path', async () => {
    const { api } = await startHttp({}, { dev: true });
    const doc = (await api.get('/openapi.json')).body;
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/v1/dev/'))).toEqual(
      expect.arrayContaining(['/v1/dev/captcha/{id}', '/v1/dev/config', '/v1/dev/outbox']),
    );
    expect(doc.paths['/v1/dev/captcha/{id}'].get.parameters.filter((p: any) => p.name === 'id')).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(doc.paths['/v1/auth/captcha'].post.responses[200].content['application/json'].schema).toMatchObject({
      properties: { data: { required: ['captchaId', 'svg', 'expiresIn'] } },
    });
  });

  it('takes request bodies from the router’s own zod schemas', async () => {
    const { api } = await startHttp();
    const doc = (await api.get('/openapi.json')).body;
    const login = doc.paths['/v1/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login).toMatchObject({ type: 'object', required: ['email', 'password'], additionalProperties: false });
    expect(login.properties.totpCode).toMatchObject({ pattern: '^\\d{6}$' });
    expect(login.properties.device.properties.platform.enum).toContain('ios');
    // Path parameters travel in the path, not the body.
    const rename = doc.paths['/v1/devices/{id}'].patch;
    expect(rename.requestBody.content['application/json'].schema.properties).not.toHaveProperty('id');
    expect(rename.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(doc.paths['/v1/me'].get.security).toEqual([{ bearer: [] }]);
    // Every answer's data is described, by zod schemas checked against shared/types.ts.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.responses[200].content['application/json'].schema;
        const data = path === '/.well-known/jwks.json' ? schema : schema.properties.data;
        expect(Object.keys(data).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('JWKS', () => {
  it('serves the public keys at the well-known path; python3-jwt verifies an issued access token', async () => {
    const { api, server, clock } = await startHttp();
    clock.set(Date.now()); // PyJWT checks exp against the real clock
    const signedIn = await api.register();
    const jwks = await api.get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const verified = verifyWithPyJwt({
      token: signedIn.tokens.accessToken,
      jwks: jwks.body,
      audience: server.config.audience,
      issuer: server.config.issuer,
    });
    expect(verified.typ).toBe('at+jwt');
    expect(verified.claims).toMatchObject({ sub: String(signedIn.user.id), sid: signedIn.session.id });
    expect(() =>
      verifyWithPyJwt({
        token: signedIn.tokens.accessToken,
        jwks: jwks.body,
        audience: 'someone-else',
        issuer: server.config.issuer,
      }),
    ).toThrow(/rejected/);
  });
});

describe('tRPC over HTTP', () => {
  it('serves the router at /trpc with batching, errors carrying the contract code', async () => {
    const { url } = await startHttp();
    let token = '';
    let requests = 0;
    const trpc = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${url}/trpc`,
          headers: () => (token ? { authorization: `Bearer ${token}`, 'x-device-name': 'Batch' } : {}),
          fetch: (input, init) => {
            requests++;
            return fetch(input, init);
          },
        }),
      ],
    });
    const signedIn = await trpc.auth.register.mutate({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    if (signedIn.requires2fa) throw new Error('no 2FA expected');
    token = signedIn.tokens.accessToken;
    requests = 0;
    const [me, sessions] = await Promise.all([trpc.account.me.query(), trpc.sessions.list.query()]);
    expect(requests).toBe(1);
    expect(me.email).toBe('ada@example.com');
    expect(sessions).toHaveLength(1);
    const error = await trpc.auth.login
      .mutate({ email: 'ada@example.com', password: 'wrong password here' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error.data).toMatchObject({ httpStatus: 401, error: { code: 'INVALID_CREDENTIALS' } });
  });
});
