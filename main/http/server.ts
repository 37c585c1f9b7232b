// The HTTP transport (docs/rest-api.md): one node:http server carrying tRPC at /trpc, the REST
// facade, the OpenAPI document, JWKS, health and live events. It only translates: every rule
// about who may do what lives in the router, shared with IPC.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { pickLocale } from '../../shared/errors.ts';
import type { MovableClock } from '../server/clock.ts';
import type { AuthServer } from '../server/server.ts';
import { AuthError } from '../server/errors.ts';
import type { Logger } from '../server/logger.ts';
import pkg from '../../package.json' with { type: 'json' };
import { readBodyText, readJsonBody } from './body.ts';
import { clientAbortReason } from './client-aborts.ts';
import { EventHub } from './events.ts';
import { DEVICE_CODE_EVENTS_PATH, DeviceCodeHub } from './device-code-events.ts';
import {
  allowedHostHeaders,
  classifyOrigin,
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  isLoopback,
  normalizeOrigins,
  urlHost,
} from './guards.ts';
import { rejectUpgrade, sendData, sendError, sendJson, setSecurityHeaders } from './respond.ts';
import { requestInfo } from './request-info.ts';
import { trpcResponseMeta } from './trpc-headers.ts';
import { screensDir } from './screens-dir.ts';
import { MAGIC_LANDING_PATH, serveMagicLanding, serveStatic } from './static-files.ts';
import { RouteTable, runRoute } from './rest/dispatch.ts';
import { openApiDocument } from './rest/openapi.ts';
import { restRoutes, type Route } from './rest/routes.ts';

export interface HttpServerOptions {
  /** Override config.http.host / port / allowLan (command-line flags). */
  host?: string | undefined;
  port?: number | undefined;
  allowLan?: boolean | undefined;
  /** Override config.http.tls (--tls-cert, --tls-key). */
  tls?: { certFile: string; keyFile: string } | undefined;
  /**
   * The screens served at / (browser mode; API routes take precedence): by default the built
   * screens inside the package, when present; a folder of your own; or `false` for none.
   */
  screens?: false | string | undefined;
  /**
   * @deprecated The dev routes are the router's `dev.*` procedures: they follow the auth server's
   * `devMode` and move its own clock. Still accepted (it must be that clock, in dev mode).
   */
  devClock?: MovableClock | undefined;
  logger?: Logger | undefined;
  /** How long a client may take to send a whole request (node's requestTimeout); 30 s by default. */
  requestTimeoutMs?: number | undefined;
}

export interface HttpServer {
  /** Starts accepting; resolves with the address actually bound (port 0 picks one). */
  listen(): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish, closes event streams. The auth server stays open. */
  close(): Promise<void>;
  readonly url: string;
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
const DRAIN_TIMEOUT_MS = 10_000;

export function createHttpServer(auth: AuthServer, options: HttpServerOptions = {}): HttpServer {
  const settings = auth.config.http;
  const host = options.host ?? settings.host;
  const allowLan = options.allowLan ?? settings.allowLan;
  const logger = options.logger ?? auth.services.logger;
  const tls = options.tls ?? settings.tls;
  if (!auth.config.limits.perAddress && !isLoopback(host)) {
    throw new Error(`limits.perAddress: false is for loopback only; refusing to listen on ${host}`);
  }
  const dev = auth.config.devMode;
  checkBinding(host, allowLan, dev, tls !== undefined);
  if (options.devClock && !dev) throw new Error('dev routes need devMode: true in the config');
  if (options.devClock && options.devClock !== auth.services.clock) {
    throw new Error("devClock must be the auth server's own clock (dev.clock moves that one)");
  }

  const trusted = new Set(settings.trustedProxies);
  const scheme = tls ? 'https' : 'http';
  const origins = { allowlist: normalizeOrigins(settings.corsOrigins) };
  const hub = new EventHub(auth, logger);
  const deviceCodeHub = new DeviceCodeHub(auth, logger);
  // The server's own router: in dev mode it carries dev.* and their routes.
  const routes: Route[] = restRoutes(auth.router);
  const table = new RouteTable(routes);
  const staticDir = options.screens === false ? undefined : (options.screens ?? screensDir());
  let openApi: string | undefined;
  let allowedHosts = new Set<string>();
  let closing = false;
  let url = '';

  const trpc = createHTTPHandler({
    router: auth.router,
    basePath: '/trpc/',
    maxBodySize: settings.maxBodyBytes,
    maxBatchSize: 20,
    responseMeta: trpcResponseMeta,
    createContext: ({ req }) => ({ services: auth.services, request: requestInfo(req, trusted, scheme) }),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (closing) res.setHeader('Connection', 'close');
    const locale = pickLocale(req.headers['accept-language']);
    try {
      const origin = admit(req);
      if (origins.allowlist.size > 0) res.setHeader('Vary', 'Origin');
      if (origin === 'allowed') res.setHeader('Access-Control-Allow-Origin', req.headers.origin!);
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') return preflight(res, origin === 'allowed');
      const { pathname, searchParams } = requestTarget(req);
      if (METHODS.has(method) && pathname.startsWith('/trpc/')) {
        // Read here so the JSON-only rule and the size limit answer like the REST routes do.
        const body = await readBodyText(req, settings.maxBodyBytes);
        if (body !== '') (req as IncomingMessage & { body?: string }).body = body;
        return trpc(req, res);
      }
      if (pathname === '/openapi.json' && method === 'GET') {
        openApi ??= JSON.stringify(openApiDocument(routes, pkg.version));
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(openApi);
        return;
      }
      const match = table.match(method, pathname);
      if (match.kind === 'none' && method === 'GET' && staticDir) {
        if (pathname === MAGIC_LANDING_PATH && (await serveMagicLanding(staticDir, res))) return;
        // /device, the phone's page for a kiosk sign-in (verificationUri), is the screens' app.
        if (await serveStatic(staticDir, pathname === '/device' ? '/index.html' : pathname, res)) return;
      }
      if (match.kind === 'none') throw new AuthError(METHODS.has(method) ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED');
      if (match.kind === 'method') {
        res.setHeader('Allow', [...match.allow, 'OPTIONS'].join(', '));
        throw new AuthError('METHOD_NOT_ALLOWED');
      }
      const request = requestInfo(req, trusted, scheme);
      const payload =
        method !== 'GET'
          ? await readJsonBody(req, settings.maxBodyBytes, request.locale)
          : 'handle' in match.route || match.route.takesInput
            ? Object.fromEntries(searchParams)
            : undefined;
      const data = await runRoute(auth, match, request, payload);
      // A request that was in flight when the stop began: the client must not reuse the connection.
      if (closing) res.setHeader('Connection', 'close');
      if (match.route.raw) sendJson(res, 200, data);
      else sendData(res, data);
    } catch (error) {
      if (error instanceof AuthError && error.errorCode === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
      if (!(error instanceof AuthError)) {
        const aborted = clientAbortReason(error, req);
        if (aborted) logger.log('debug', 'http request aborted', { reason: aborted });
        else logger.log('error', 'http request failed', { error: errorName(error) });
      }
      if (!res.headersSent) sendError(res, error, locale);
      else res.destroy();
    }
  }

  /** Host header (DNS rebinding) and Origin checks, for requests and WebSocket upgrades alike. */
  function admit(req: IncomingMessage) {
    const host = req.headers.host?.toLowerCase();
    if (!host || !allowedHosts.has(host)) throw new AuthError('FORBIDDEN', { reason: 'host_not_allowed' });
    const origin = classifyOrigin(req.headers.origin, host, origins);
    if (origin === 'denied') throw new AuthError('FORBIDDEN', { reason: 'origin_not_allowed' });
    return origin;
  }

  function preflight(res: ServerResponse, allowedOrigin: boolean): void {
    if (allowedOrigin) {
      res.setHeader('Access-Control-Allow-Methods', CORS_ALLOW_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Allow', `${CORS_ALLOW_METHODS}, OPTIONS`);
    res.statusCode = 204;
    res.end();
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const locale = pickLocale(req.headers['accept-language']);
    try {
      admit(req);
      const { pathname, searchParams } = requestTarget(req);
      if (closing) throw new AuthError('SERVICE_UNAVAILABLE');
      if (pathname !== '/v1/events' && pathname !== DEVICE_CODE_EVENTS_PATH) throw new AuthError('NOT_FOUND');
      const request = requestInfo(req, trusted, scheme);
      // The kiosk waiting for a phone has no token: its socket is its own (device-code-events.ts).
      if (pathname === DEVICE_CODE_EVENTS_PATH) return deviceCodeHub.upgrade(req, socket, head, request);
      // Browsers cannot set headers on a WebSocket: the access token may come in the query.
      request.accessToken ??= searchParams.get('token') ?? undefined;
      await hub.upgrade(req, socket, head, request);
    } catch (error) {
      rejectUpgrade(socket, error, locale, closing);
    }
  }

  // requireHostHeader off: a request without Host gets our 403, not Node's bare 400.
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const serverOptions: ServerOptions = {
    maxHeaderSize: 16 * 1024,
    requestTimeout,
    // Node looks for timed-out requests this often (30 s by default): no less often than they time out.
    connectionsCheckingInterval: Math.min(30_000, requestTimeout),
    requireHostHeader: false,
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server: Server = tls ? createTlsServer(serverOptions, tls, onRequest) : createServer(serverOptions, onRequest);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head));
  server.on('request', (_req, res: ServerResponse) => {
    res.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    get url() {
      return url;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? settings.port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : 0;
          allowedHosts = allowedHostHeaders(host, port, settings.allowedHosts);
          url = `${tls ? 'https' : 'http'}://${urlHost(host)}:${port}`;
          if (!isLoopback(host)) logger.log('warn', 'listening beyond loopback (LAN mode, TLS)', { host });
          if (dev) logger.log('warn', 'DEV MODE: clock control, outbox, reset and seeding are open');
          if (!auth.config.limits.perAddress)
            logger.log('warn', 'REQUEST CAPS OFF (limits.perAddress: false): no per-address or global limits');
          resolve({ host, port, url });
        });
      });
    },
    async close() {
      closing = true;
      hub.close();
      deviceCodeHub.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
      await drained;
      clearTimeout(timer);
    },
  };
}

/** HTTPS, TLS 1.2 and up; node:https, and node:tls under it, load only here. */
function createTlsServer(
  options: ServerOptions,
  tls: { certFile: string; keyFile: string },
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const https = process.getBuiltinModule('node:https');
  const pem = { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
  // https.Server has http.Server's whole API (close, closeIdleConnections, upgrade events).
  return https.createServer({ ...options, ...pem, minVersion: 'TLSv1.2' }, onRequest) as unknown as Server;
}

/** Loopback unless LAN is asked for, on one named interface, over TLS; dev mode never leaves loopback. */
function checkBinding(host: string, allowLan: boolean, dev: boolean, tls: boolean): void {
  if (isLoopback(host)) return;
  if (dev) throw new Error(`dev mode serves loopback only; refusing to listen on ${host}`);
  if (!allowLan) throw new Error(`refusing to listen on ${host}: not a loopback address (pass --allow-lan to allow)`);
  if (host === '0.0.0.0' || host === '::') {
    throw new Error(`refusing to listen on every interface (${host}): name one interface address`);
  }
  // Passwords and tokens must not cross a network in clear text (docs/security.md R60).
  if (!tls) throw new Error(`LAN mode needs TLS: pass --tls-cert and --tls-key (or http.tls in the config)`);
}

/** The request's path and query; a target URL cannot parse (`//[`) names no route: 404, the client's error. */
function requestTarget(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw new AuthError('NOT_FOUND');
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
