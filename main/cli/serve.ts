// `latchkey serve`: the auth server over HTTP until SIGINT/SIGTERM, then a clean stop: no new
// connections, in-flight requests finish, event streams close, the database closes. The screens
// are served at / from inside the package, once built (main/http/screens-dir.ts).
import { OffsetClock, systemClock } from '../server/clock.ts';
import { streamLogger } from '../server/logger.ts';
import { createAuthServer, type AuthServer } from '../server/server.ts';
import { createHttpServer, type HttpServer } from '../http/server.ts';
import { serveConfig, type StoreOptions } from './open-server.ts';

export interface ServeOptions extends StoreOptions {
  host?: string | undefined;
  port?: number | undefined;
  dev?: boolean | undefined;
  allowLan?: boolean | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** The built screens to serve at / (browser mode); default: the package's renderer/dist, if built. */
  screensDir?: string | undefined;
}

export async function serve(options: ServeOptions, out: (line: string) => void): Promise<number> {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new Error('--tls-cert and --tls-key go together');
  }
  const config = serveConfig(options);
  const dev = options.dev === true || config.devMode === true;
  // Dev mode's clock moves (dev.clock): real time plus an offset.
  const clock = dev ? new OffsetClock(systemClock) : systemClock;
  const logger = streamLogger();
  const auth = createAuthServer({ ...config, devMode: dev }, { clock, logger });
  const http = await start(auth, () =>
    createHttpServer(auth, {
      host: options.host,
      port: options.port,
      allowLan: options.allowLan,
      tls: options.tlsCert && options.tlsKey ? { certFile: options.tlsCert, keyFile: options.tlsKey } : undefined,
      screens: options.screensDir,
      logger,
    }),
  );
  out(`Latchkey listening on ${http.url}`);
  // Dev mode's demo accounts sign in with a fixed code and no mail: say which, beside the URL.
  if (dev) for (const demo of auth.config.email.demoAccounts) out(`Demo account: ${demo.email}, code ${demo.code}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logger.log('info', 'stopping', { signal });
  // A second signal while draining stops at once.
  const force = () => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await http.close();
  await auth.close();
  logger.log('info', 'stopped');
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  return 0;
}

/** Listens, or closes the auth server (and its database) if the transport cannot start. */
async function start(auth: AuthServer, create: () => HttpServer): Promise<HttpServer> {
  try {
    const http = create();
    await http.listen();
    return http;
  } catch (error) {
    await auth.close();
    throw portInUse(error) ?? error;
  }
}

/** A busy port (often a Latchkey already running) as one line that says what to do. */
function portInUse(error: unknown): Error | undefined {
  const { code, address, port } = error as { code?: string; address?: string; port?: number };
  if (code !== 'EADDRINUSE') return undefined;
  return new Error(`${address}:${port} is already in use (another Latchkey running?): pass --port 0 for a free port`);
}
