// The server's configuration: one zod schema, so every option is validated at start-up and its
// default is written down once. Each option's `.describe()` text is its entry in
// docs/configuration.md, whose table `npm run docs:config` generates from this schema. Each group
// of options is its own module (main/server/config/, and the email, magic-link and passkey
// features' config.ts); this file composes them, in the order the table lists them.
import * as z from 'zod';
import { deviceSignInConfigSchema } from './config/device-sign-in.ts';
import { httpConfigSchema } from './config/http.ts';
import { limitsConfigSchema } from './config/limits.ts';
import { lockoutConfigSchema } from './config/lockout.ts';
import { methodsConfigSchema } from './config/methods.ts';
import { passwordConfigSchema } from './config/password.ts';
import { registrationConfigSchema } from './config/registration.ts';
import { retentionConfigSchema } from './config/retention.ts';
import { seconds } from './config/seconds.ts';
import { tokensConfigSchema } from './config/tokens.ts';
import { totpConfigSchema } from './config/totp.ts';
import { emailConfigSchema, resolveTransport } from './email/config.ts';
import { magicLinkConfigSchema } from './magic-link/config.ts';
import { passkeysConfigSchema } from './passkeys/config.ts';

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
  tokens: tokensConfigSchema.prefault({}),
  password: passwordConfigSchema.prefault({}),
  lockout: lockoutConfigSchema.prefault({}),
  limits: limitsConfigSchema.prefault({}),
  http: httpConfigSchema.prefault({}),
  reauthWindowSeconds: seconds
    .default(5 * 60)
    .describe('How recent a sign-in must be for account deletion, setting a password and TOTP changes.'),
  totp: totpConfigSchema.prefault({}),
  retention: retentionConfigSchema.prefault({}),
  deviceSignIn: deviceSignInConfigSchema.prefault({}),
  email: emailConfigSchema.prefault({}),
  magicLink: magicLinkConfigSchema.prefault({}),
  methods: methodsConfigSchema.prefault({}),
  passkeys: passkeysConfigSchema.prefault({}),
  registration: registrationConfigSchema.prefault({}),
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
