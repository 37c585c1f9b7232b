// `latchkey serve`: the auth server over HTTP until SIGINT/SIGTERM, then a clean stop: no new
// connections, in-flight requests finish, event streams close, the database closes.
import { OffsetClock, systemClock } from '../server/clock.ts';
import { streamLogger } from '../server/logger.ts';
import { createAuthServer } from '../server/server.ts';
import { createHttpServer } from '../http/server.ts';
import { serveConfig, type StoreOptions } from './open-server.ts';

export interface ServeOptions extends StoreOptions {
  host?: string | undefined;
  port?: number | undefined;
  dev?: boolean | undefined;
  allowLan?: boolean | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

export async function serve(options: ServeOptions, out: (line: string) => void): Promise<number> {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new Error('--tls-cert and --tls-key go together');
  }
  const config = serveConfig(options);
  const dev = options.dev === true || config.devMode === true;
  const clock = dev ? new OffsetClock(systemClock) : systemClock;
  const logger = streamLogger();
  const auth = createAuthServer({ ...config, devMode: dev }, { clock, logger });
  let http;
  try {
    http = createHttpServer(auth, {
      host: options.host,
      port: options.port,
      allowLan: options.allowLan,
      tls: options.tlsCert && options.tlsKey ? { certFile: options.tlsCert, keyFile: options.tlsKey } : undefined,
      devClock: dev ? (clock as OffsetClock) : undefined,
      logger,
    });
    const { url } = await http.listen();
    out(`Latchkey listening on ${url}`);
  } catch (error) {
    await auth.close();
    throw error;
  }
  const server = http;
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.log('info', 'stopping', { signal });
  // A second signal while draining stops at once.
  const force = () => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await server.close();
  await auth.close();
  logger.log('info', 'stopped');
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  return 0;
}
