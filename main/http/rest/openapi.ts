// The OpenAPI 3.1 document, generated from the route table and the very zod schemas the router
// validates its inputs and answers with (z.toJSONSchema emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import * as z from 'zod';
import { apiErrorSchema } from '../../../shared/outputs.ts';
import type { Route } from './routes.ts';

type JsonSchema = Record<string, unknown>;

const DEVICE_HEADERS: Array<{ name: string; description?: string }> = [
  { name: 'X-Device-Id' },
  { name: 'X-Device-Platform' },
  { name: 'X-Device-Name' },
  { name: 'X-Device-Os-Version' },
  { name: 'X-Device-App-Version' },
  { name: 'X-Device-Fingerprint' },
  {
    name: 'X-Device-Trust',
    description:
      'The tokens.deviceTrustToken this device received when it was trusted at the second factor; ' +
      'a sign-in from a trusted device skips the second factor only with it (same as device.trustToken).',
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The body's schema: the input's, less the fields that travel in the path. */
function bodySchema(schema: z.ZodType, pathParams: string[]): { schema: JsonSchema; required: boolean } {
  const json = jsonSchema(schema, 'input');
  const properties = json.properties as Record<string, unknown> | undefined;
  for (const name of pathParams) delete properties?.[name];
  if (Array.isArray(json.required)) json.required = json.required.filter((name) => !pathParams.includes(name));
  return { schema: json, required: !schema.safeParse(undefined).success };
}

const envelope = (data: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { success: { const: true }, data },
  required: ['success', 'data'],
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
});

function operation(route: Route) {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const { input } = route;
  const parameters: unknown[] = pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  parameters.push({ name: 'Accept-Language', in: 'header', schema: { type: 'string' }, description: 'en or zh' });
  if (route.signIn) {
    for (const header of DEVICE_HEADERS) parameters.push({ ...header, in: 'header', schema: { type: 'string' } });
  }
  const op: Record<string, unknown> = {
    operationId:
      'handle' in route ? route.path.replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase()) : route.procedure,
    summary: route.summary,
    tags: [route.tag],
    security: route.auth ? [{ bearer: [] }] : [],
    parameters,
  };
  if (input && route.method === 'GET') {
    const json = jsonSchema(input, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = (json.required ?? []) as string[];
    for (const [name, schema] of Object.entries(properties)) {
      if (!pathParams.includes(name)) parameters.push({ name, in: 'query', required: required.includes(name), schema });
    }
  } else if (input) {
    const body = bodySchema(input, pathParams);
    if (Object.keys((body.schema.properties as object | undefined) ?? {}).length > 0 || body.required) {
      op.requestBody = { required: body.required, content: { 'application/json': { schema: body.schema } } };
    }
  }
  const data = route.output ? jsonSchema(route.output, 'output') : {};
  const responses: Record<string, unknown> = {
    200: { description: 'OK', content: { 'application/json': { schema: route.raw ? data : envelope(data) } } },
  };
  if (route.auth) responses[401] = errorResponse('UNAUTHORIZED: no live session behind the access token');
  if (input) responses[422] = errorResponse('VALIDATION_ERROR, with a message per field in details');
  if (route.signIn) responses[429] = errorResponse('RATE_LIMITED, with retryAfter and a Retry-After header');
  responses.default = errorResponse('Any other error of the contract (docs/rest-api.md)');
  op.responses = responses;
  return op;
}

export function openApiDocument(routes: readonly Route[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Latchkey',
      version,
      description:
        'Local-first auth server. Every response is an envelope: {"success": true, "data": …} or ' +
        '{"success": false, "error": {"code", "message", "details"?, "retryAfter"?}}. tRPC is served at /trpc.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ErrorEnvelope: {
          type: 'object',
          properties: { success: { const: false }, error: jsonSchema(apiErrorSchema, 'output') },
          required: ['success', 'error'],
        },
      },
    },
  };
}
