// The Electron app's own options, read from `latchkey.config.json` in userData (or, unpackaged, the
// file named by LATCHKEY_CONFIG). `server` is handed to createAuthServer, which validates it; the
// database path is always main's (userData), never the file's. A packaged app never runs in dev mode.
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import type { ServerConfigInput } from '../server/config.ts';
import { APP_ORIGIN } from './app-protocol.ts';

export const appConfigSchema = z.strictObject({
  /** Full screen with no window frame, idle sign-out and quick account switching. */
  kiosk: z.boolean().default(false),
  /** Minutes without input before a kiosk signs the active account out. */
  idleMinutes: z.number().int().min(1).max(240).default(5),
  /** https URLs (origin and path prefix) that links in the screens may open in the browser. */
  externalLinks: z
    .array(z.url({ protocol: /^https$/ }))
    .max(50)
    .default([]),
  /** Also serve the API (and the screens) over HTTP for phones and scripts, per `server.http`. Off: no port is opened. */
  httpTransport: z.boolean().default(false),
  /** Auth server options (docs/configuration.md); `database` is ignored. */
  server: z.record(z.string(), z.unknown()).default({}),
});

export type AppConfig = z.output<typeof appConfigSchema>;

/** Demo account of dev mode (`npm start`): signs in with this fixed code, no mail needed. */
export const DEV_DEMO_ACCOUNT = { email: 'demo@latchkey.dev', code: '123456' } as const;

/**
 * Server options with dev mode's demo account added to any configured ones. The one place both
 * dev launches get it from: the Electron app in dev mode, and `npm start`'s `latchkey serve --dev`
 * where Electron's binary is missing. Only valid with devMode (the server refuses it otherwise).
 */
export function withDevDemoAccounts(server: Record<string, unknown>): Record<string, unknown> {
  const email = (server.email ?? {}) as Record<string, unknown>;
  const configured = Array.isArray(email.demoAccounts) ? (email.demoAccounts as unknown[]) : [];
  return { ...server, email: { ...email, demoAccounts: [...configured, { ...DEV_DEMO_ACCOUNT }] } };
}

export function loadAppConfig(path: string): AppConfig {
  if (!existsSync(path)) return appConfigSchema.parse({});
  const parsed = appConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The auth server's options in the app: the database in userData, dev mode only when allowed. */
export function serverConfig(config: AppConfig, input: { database: string; devMode: boolean }): ServerConfigInput {
  const server = { ...config.server } as Record<string, unknown>;
  delete server.database;
  // The rest of `server` is validated by createAuthServer, which names any bad option.
  return {
    ...(input.devMode ? withDevDemoAccounts(server) : server),
    ...withAppOrigin(server),
    database: input.database,
    devMode: input.devMode,
  } as ServerConfigInput;
}

/** The app's own screens (app://) may use passkeys wherever a relying party is configured. */
function withAppOrigin(server: Record<string, unknown>): Record<string, unknown> {
  const passkeys = server.passkeys as { rpId?: unknown; origins?: unknown } | undefined;
  if (!passkeys || typeof passkeys !== 'object' || passkeys.rpId === undefined) return {};
  const origins = Array.isArray(passkeys.origins) ? (passkeys.origins as unknown[]) : [];
  return { passkeys: { ...passkeys, origins: [...new Set([...origins, APP_ORIGIN])] } };
}
