// The server's configuration: one zod schema, so every option is validated at start-up and its
// default is written down once. The README's configuration reference mirrors this file.
import * as z from 'zod';
import { emailConfigSchema, resolveTransport } from './email/config.ts';

const seconds = z.number().int().positive();

const requestCap = (address: number, global: number) =>
  z
    .strictObject({
      address: z.number().int().min(1).max(1_000_000).default(address),
      global: z.number().int().min(1).max(10_000_000).default(global),
    })
    .prefault({});

export const configSchema = z.strictObject({
  /** SQLite file path, or ':memory:' (tests). */
  database: z.string().min(1).default(':memory:'),
  /** Claims `iss` and `aud` of every access token. */
  issuer: z.string().min(1).default('latchkey'),
  audience: z.string().min(1).default('latchkey-app'),
  appName: z.string().min(1).max(100).default('Latchkey'),
  /** Explicit codes (USER_NOT_FOUND, INVALID_PASSWORD…) instead of enumeration-safe ones. */
  revealAccountState: z.boolean().default(false),
  /** Dev mode: loopback testing helpers (outbox reader, clock control, demo accounts). */
  devMode: z.boolean().default(false),
  tokens: z
    .strictObject({
      accessTtl: seconds.max(24 * 3600).default(10 * 60),
      idTokenTtl: seconds.max(3600).default(5 * 60),
      /** A session ends when it has not been refreshed for this long. */
      sessionIdleTtl: seconds.default(14 * 24 * 3600),
      /** A session ends this long after sign-in, however often it is refreshed. */
      sessionAbsoluteTtl: seconds.default(60 * 24 * 3600),
      /** Clock skew tolerated when verifying tokens (SECURITY.md R25: at most 60 s). */
      clockToleranceSeconds: z.number().int().min(0).max(60).default(30),
      /** Signing keys rotate after this many days; old keys verify until their tokens expire. */
      keyRotationDays: z.number().int().min(1).max(365).default(30),
    })
    .prefault({}),
  password: z
    .strictObject({
      minLength: z.number().int().min(8).max(64).default(8),
      maxLength: z.number().int().min(64).max(128).default(128),
      /** argon2id parameters (OWASP row: m=19456 KiB, t=2, p=1). Lower only in tests. */
      memoryKiB: z.number().int().min(1024).default(19456),
      passes: z.number().int().min(1).default(2),
      parallelism: z.number().int().min(1).max(16).default(1),
      /** Password hashes in flight at once; more wait in line. */
      maxConcurrentHashes: z.number().int().min(1).max(64).optional(),
      /** Hashes waiting in that line; beyond it a call answers RATE_LIMITED at once (R8). */
      maxQueuedHashes: z.number().int().min(0).max(10_000).default(256),
      /** 'native' is node:crypto.argon2 (Node ≥ 24.7); 'noble' is @noble/hashes in worker threads. */
      backend: z.enum(['auto', 'native', 'noble']).default('auto'),
    })
    .prefault({}),
  lockout: z
    .strictObject({
      /** Consecutive failures per account before sign-in is throttled. */
      threshold: z.number().int().min(1).max(100).default(5),
      /** First delay; each further failure doubles it, up to maxDelaySeconds. */
      baseDelaySeconds: seconds.default(30),
      maxDelaySeconds: seconds.default(3600),
      /** Failures per address (HTTP) or device before that source is throttled. */
      sourceThreshold: z.number().int().min(1).max(1000).default(20),
      /** A failure streak older than this is forgotten. */
      windowSeconds: seconds.default(3600),
    })
    .prefault({}),
  /** Caps on unauthenticated requests over HTTP (main/server/security/request-caps.ts, R8, R44). */
  limits: z
    .strictObject({
      /**
       * false: no per-address or global request caps (these below, email.maxSendsPerAddressPerHour
       * and the address's sign-in failure counter), for a benchmark where every client is 127.0.0.1.
       * HTTP refuses to start with it beyond loopback. Per-account and per-email limits (lockouts,
       * cooldown, failure budgets) stay.
       */
      perAddress: z.boolean().default(true),
      /** The caps count requests in fixed windows of this length. */
      windowSeconds: seconds.max(86_400).default(3600),
      /** auth.register calls per window, from one address and from all together. */
      register: requestCap(10, 200),
      /** auth.requestEmailCode calls (sends have their own caps under `email`). */
      emailCode: requestCap(30, 1000),
      /** auth.requestCaptcha calls. */
      captcha: requestCap(30, 1000),
    })
    .prefault({}),
  /** The HTTP transport (`latchkey serve`, main/http/); unused by IPC and in-process callers. */
  http: z
    .strictObject({
      /** Interface to bind; anything but loopback also needs `allowLan` (SECURITY.md R58). */
      host: z.string().min(1).max(255).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(4317),
      allowLan: z.boolean().default(false),
      /** Extra names accepted in the Host header (with or without the port), e.g. a LAN name. */
      allowedHosts: z.array(z.string().min(1).max(255)).max(50).default([]),
      /** Browser origins allowed to call the API (CORS); never `*`. Empty: CORS off. */
      corsOrigins: z.array(z.url()).max(50).default([]),
      /** Peer addresses of reverse proxies whose X-Forwarded-For is believed. */
      trustedProxies: z.array(z.string().min(1).max(64)).max(50).default([]),
      /** PEM certificate and key files: HTTPS (TLS 1.2+). Required beyond loopback (SECURITY.md R60). */
      tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
      /** Largest request body accepted, in bytes (413 beyond). */
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(1024 * 1024)
        .default(64 * 1024),
    })
    .prefault({}),
  /** Recent authentication needed for account deletion and other sensitive changes. */
  reauthWindowSeconds: seconds.default(5 * 60),
  totp: z
    .strictObject({
      /** The issuer authenticator apps show; default: appName. */
      issuer: z.string().trim().min(1).max(100).optional(),
      /** What names the account in the authenticator app. */
      accountLabel: z.enum(['email', 'name']).default('email'),
      /** A device trusted at the second factor skips it for this many days. */
      trustDeviceDays: z.number().int().min(1).max(365).default(30),
      /** Lifetime of the challenge a sign-in returns when a second factor is needed. */
      challengeTtlSeconds: seconds.max(900).default(300),
      /** Wrong TOTP or recovery codes per user, across every transport, before entry is locked. */
      lockoutThreshold: z.number().int().min(1).max(20).default(5),
      lockoutSeconds: seconds.default(15 * 60),
    })
    .prefault({}),
  /** What is kept how long (SECURITY.md R68; main/server/retention.ts). */
  retention: z
    .strictObject({
      /** Ended sessions and spent (used, revoked, expired) refresh tokens are deleted this long after. */
      sessionDays: z.number().int().min(1).max(3650).default(30),
      /** Audit events older than this are deleted; the hash chain continues from an anchor. */
      auditDays: z.number().int().min(1).max(3650).default(90),
      /** How often the purge runs while the server is open; 0: only when `server.purge()` is called. */
      purgeIntervalMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60)
        .default(60),
    })
    .prefault({}),
  /** Email-code sign-in, mail delivery and captcha (main/server/email/config.ts). */
  email: emailConfigSchema.prefault({}),
  registration: z
    .strictObject({
      /** auth.register accepts new accounts (email.autoRegister decides for email codes). */
      open: z.boolean().default(true),
    })
    .prefault({}),
});

/** The parsed config, with the defaults that depend on another option filled in. */
const resolvedConfigSchema = configSchema.transform((config) => ({
  ...config,
  email: { ...config.email, transport: resolveTransport(config.email.transport, config.devMode) },
}));

export type ServerConfigInput = z.input<typeof configSchema>;
export type ServerConfig = z.output<typeof resolvedConfigSchema>;

export function parseConfig(input: ServerConfigInput = {}): ServerConfig {
  // Once per server: zod's JIT would first compile a parser for each nested object (some 10 ms).
  return resolvedConfigSchema.parse(input, { jitless: true });
}
