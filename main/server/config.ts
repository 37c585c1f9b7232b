// The server's configuration: one zod schema, so every option is validated at start-up and its
// default is written down once. Each option's `.describe()` text is its entry in
// docs/configuration.md, whose table `npm run docs:config` generates from this schema.
import * as z from 'zod';
import { emailConfigSchema, resolveTransport } from './email/config.ts';
import { magicLinkConfigSchema } from './magic-link/config.ts';
import { passkeysConfigSchema } from './passkeys/config.ts';

const seconds = z.number().int().positive();

const requestCap = (address: number, global: number, what: string) =>
  z
    .strictObject({
      address: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(address)
        .describe(`${what} per window over HTTP from one client address.`),
      global: z
        .number()
        .int()
        .min(1)
        .max(10_000_000)
        .default(global)
        .describe(`${what} per window over HTTP from all addresses together.`),
    })
    .prefault({});

export const configSchema = z.strictObject({
  database: z
    .string()
    .min(1)
    .default(':memory:')
    .describe('SQLite file path, or `:memory:` (tests). In Electron it is always `userData/latchkey.db`.'),
  issuer: z.string().min(1).default('latchkey').describe('The `iss` claim of every token.'),
  audience: z.string().min(1).default('latchkey-app').describe('The `aud` claim of every token.'),
  appName: z
    .string()
    .min(1)
    .max(100)
    .default('Latchkey')
    .describe('Shown to users (mail, authenticator apps); also a word passwords may not be built on.'),
  revealAccountState: z
    .boolean()
    .default(false)
    .describe(
      'Answer explicit codes (USER_NOT_FOUND, INVALID_PASSWORD, USER_INACTIVE, NO_PASSWORD_SET) instead of the enumeration-safe INVALID_CREDENTIALS.',
    ),
  devMode: z
    .boolean()
    .default(false)
    .describe(
      'Dev mode: loopback-only testing routes (outbox, clock, reset, seeding) and demo accounts. Also `latchkey serve --dev`.',
    ),
  tokens: z
    .strictObject({
      accessTtl: seconds
        .max(24 * 3600)
        .default(10 * 60)
        .describe('Access token lifetime, in seconds.'),
      idTokenTtl: seconds
        .max(3600)
        .default(5 * 60)
        .describe('Id token lifetime, in seconds.'),
      sessionIdleTtl: seconds.default(14 * 24 * 3600).describe('A session not refreshed for this many seconds ends.'),
      sessionAbsoluteTtl: seconds
        .default(60 * 24 * 3600)
        .describe('A session ends this many seconds after sign-in, however often it is refreshed.'),
      clockToleranceSeconds: z
        .number()
        .int()
        .min(0)
        .max(60)
        .default(30)
        .describe('Clock skew tolerated when verifying `exp`, `nbf` and `iat` (docs/security.md R25: at most 60 s).'),
      keyRotationDays: z
        .number()
        .int()
        .min(1)
        .max(365)
        .default(30)
        .describe('EdDSA signing keys rotate after this many days; old keys verify until their tokens expire.'),
    })
    .prefault({}),
  password: z
    .strictObject({
      minLength: z.number().int().min(8).max(64).default(8).describe('Shortest password, in code points after NFKC.'),
      maxLength: z
        .number()
        .int()
        .min(64)
        .max(128)
        .default(128)
        .describe('Longest password, in code points after NFKC.'),
      memoryKiB: z
        .number()
        .int()
        .min(1024)
        .default(19456)
        .describe('argon2id memory (OWASP row m=19456 KiB, t=2, p=1); changed parameters rehash at the next sign-in.'),
      passes: z.number().int().min(1).default(2).describe('argon2id passes (t).'),
      parallelism: z.number().int().min(1).max(16).default(1).describe('argon2id lanes (p).'),
      maxConcurrentHashes: z
        .number()
        .int()
        .min(1)
        .max(64)
        .optional()
        .describe('Password hashes in flight at once; more wait in line. Default: the number of CPUs.'),
      maxQueuedHashes: z
        .number()
        .int()
        .min(0)
        .max(10_000)
        .default(256)
        .describe(
          'Hashes waiting in that line; one more answers RATE_LIMITED (`retryAfter` 1, `reason: busy`) at once.',
        ),
      backend: z
        .enum(['auto', 'native', 'noble'])
        .default('auto')
        .describe('`native` is node:crypto.argon2 (Node ≥ 24.7); `noble` is @noble/hashes in worker threads.'),
    })
    .prefault({}),
  lockout: z
    .strictObject({
      threshold: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(5)
        .describe('Failures per account, across every factor, before password sign-in is throttled.'),
      baseDelaySeconds: seconds
        .default(30)
        .describe('First delay once throttled; each further failure doubles it, up to `maxDelaySeconds`.'),
      maxDelaySeconds: seconds.default(3600).describe('Longest delay of a throttled account or source.'),
      sourceThreshold: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(20)
        .describe('Failures per client address (HTTP) or per device before that source is throttled.'),
      windowSeconds: seconds.default(3600).describe('A failure streak older than this is forgotten.'),
    })
    .prefault({}),
  limits: z
    .strictObject({
      perAddress: z
        .boolean()
        .default(true)
        .describe(
          '`false` turns off every per-address and global request cap (`limits.*`, `email.maxSendsPerAddressPerHour`, the address sign-in counter), for benchmarks where every client is 127.0.0.1; HTTP then refuses a non-loopback interface. Per-account and per-email limits stay.',
        ),
      windowSeconds: seconds
        .max(86_400)
        .default(3600)
        .describe('The request caps count in fixed windows of this many seconds.'),
      register: requestCap(10, 200, '`auth.register` calls'),
      emailCode: requestCap(30, 1000, '`auth.requestEmailCode` calls (any answer counts)'),
      captcha: requestCap(30, 1000, '`auth.requestCaptcha` calls'),
      deviceCode: requestCap(30, 1000, '`auth.startDeviceSignIn` calls'),
      passkeyOptions: requestCap(60, 2000, '`auth.passkeyOptions` calls (each stores a challenge)'),
    })
    .prefault({}),
  http: z
    .strictObject({
      host: z
        .string()
        .min(1)
        .max(255)
        .default('127.0.0.1')
        .describe('Interface `latchkey serve` binds; anything but loopback also needs `allowLan` and `tls`.'),
      port: z.number().int().min(0).max(65535).default(4317).describe('Port to listen on; 0 picks a free one.'),
      allowLan: z
        .boolean()
        .default(false)
        .describe('Allow one named non-loopback interface address (never `0.0.0.0`); needs `tls`.'),
      allowedHosts: z
        .array(z.string().min(1).max(255))
        .max(50)
        .default([])
        .describe('Extra names accepted in the Host header (with or without the port), e.g. `kiosk.lan`.'),
      corsOrigins: z
        .array(z.url())
        .max(50)
        .default([])
        .describe('Browser origins allowed to call the API cross-origin; empty turns CORS off; never `*`.'),
      trustedProxies: z
        .array(z.string().min(1).max(64))
        .max(50)
        .default([])
        .describe('Peer addresses of reverse proxies whose `X-Forwarded-For` is believed.'),
      tls: z
        .strictObject({
          certFile: z.string().min(1).describe('PEM certificate file.'),
          keyFile: z.string().min(1).describe('PEM private key file.'),
        })
        .optional()
        .describe('Serve HTTPS (TLS 1.2+); required beyond loopback (docs/security.md R60).'),
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(1024 * 1024)
        .default(64 * 1024)
        .describe('Largest request body accepted, in bytes; larger ones answer 413.'),
    })
    .prefault({}),
  reauthWindowSeconds: seconds
    .default(5 * 60)
    .describe('How recent a sign-in must be for account deletion, setting a password and TOTP changes.'),
  totp: z
    .strictObject({
      issuer: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('The issuer authenticator apps show (`otpauth://` URI). Default: `appName`.'),
      accountLabel: z
        .enum(['email', 'name'])
        .default('email')
        .describe('What names the account in the authenticator app.'),
      trustDeviceDays: z
        .number()
        .int()
        .min(1)
        .max(365)
        .default(30)
        .describe(
          'A device trusted at the second factor (`trustDevice: true`) skips it this many days, when it presents its trust token.',
        ),
      challengeTtlSeconds: seconds
        .max(900)
        .default(300)
        .describe('Lifetime of the challenge a sign-in returns when a second factor is needed.'),
      lockoutThreshold: z
        .number()
        .int()
        .min(1)
        .max(20)
        .default(5)
        .describe('Wrong TOTP or recovery codes per user, across every transport, before second-factor entry locks.'),
      lockoutSeconds: seconds.default(15 * 60).describe('How long that lock lasts.'),
    })
    .prefault({}),
  retention: z
    .strictObject({
      sessionDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(30)
        .describe(
          'Ended sessions and spent (used, revoked, expired) refresh tokens are deleted this many days after; a used token is recognized as a replay until then.',
        ),
      auditDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(90)
        .describe('Audit events older than this are deleted; the hash chain continues from an anchor.'),
      purgeIntervalMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60)
        .default(60)
        .describe('How often the purge runs while the server is open; 0: only when `server.purge()` is called.'),
    })
    .prefault({}),
  deviceSignIn: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          'Kiosks may ask to be signed in from a phone (`auth.startDeviceSignIn`); false answers FORBIDDEN (`reason: device_sign_in_off`).',
        ),
      verificationUri: z
        .url()
        .max(512)
        .optional()
        .describe(
          'The phone page (`/device` of the screens) a kiosk shows as text and QR code. Default: `/device` on the origin the kiosk called over HTTP, else on `http://127.0.0.1:<http.port>`.',
        ),
      codeTtlSeconds: seconds
        .min(60)
        .max(1800)
        .default(600)
        .describe('How long a kiosk’s codes stay valid, in seconds.'),
      intervalSeconds: seconds
        .max(60)
        .default(5)
        .describe('Seconds a kiosk waits between polls; each SLOW_DOWN adds 5.'),
      failureBudget: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(5)
        .describe(
          'Wrong codes per account on the phone before looking codes up is throttled (per address: `lockout.sourceThreshold`).',
        ),
    })
    .prefault({}),
  email: emailConfigSchema.prefault({}),
  magicLink: magicLinkConfigSchema.prefault({}),
  methods: z
    .strictObject({
      passkey: z
        .boolean()
        .default(true)
        .describe(
          'Offer passkeys (needs `passkeys.rpId` and `passkeys.origins`); false: `auth.methods` says `passkey: false` and every passkey procedure answers PASSKEY_NOT_CONFIGURED.',
        ),
    })
    .prefault({}),
  passkeys: passkeysConfigSchema.prefault({}),
  registration: z
    .strictObject({
      open: z
        .boolean()
        .default(true)
        .describe(
          'New accounts may be made: by `auth.register`, and by email codes when `email.autoRegister` is on. False: `auth.register` answers FORBIDDEN (`reason: registration_closed`) and codes go only to existing accounts.',
        ),
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
  // Once per server: zod's JIT would first compile a parser for each nested object, which costs
  // more than parsing without it.
  return resolvedConfigSchema.parse(input, { jitless: true });
}
