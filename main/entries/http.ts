// `latchkey/http`: the auth server over HTTP (REST, tRPC, OpenAPI, JWKS, live events, the screens).
import './require-node.ts';

export { createHttpServer, type HttpServer, type HttpServerOptions } from '../http/server.ts';
