// createAuthServer: the one way to get a running auth server. Nothing here runs at import time;
// the database opens, migrates and self-checks when the factory is called, and fails closed.
import { EventEmitter } from 'node:events';
import type { Locale } from '../../shared/errors.ts';
import type { ServerConfigInput, ServerConfig } from './config.ts';
import { parseConfig } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { openDatabase } from './db/open.ts';
import { groupCommit, type FlushFile } from './db/group-commit.ts';
import { PasswordHasher } from './crypto/password-hasher.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import { openDataKey, recordDataKeyCheck } from './crypto/data-key.ts';
import { SigningKeys } from './tokens/signing-keys.ts';
import { TokenService } from './tokens/jwt.ts';
import { AuditLog } from './security/audit.ts';
import { Throttle } from './security/throttle.ts';
import { silentLogger, type Logger } from './logger.ts';
import { appRouter } from './api/router.ts';
import { createMailService } from './email/mail-service.ts';
import { assertDemoAccountsAllowed } from './email/demo-accounts.ts';
import { DevCaptchaAnswers } from './email/dev-captcha-answers.ts';
import { svgCaptchaGenerator, type CaptchaGenerator } from './email/captcha-generator.ts';
import { createCallerFactory } from './api/trpc.ts';
import type { RequestInfo } from './request.ts';
import type { AccountEvent, DeviceCodeDecided, ServiceEvents, Services } from './services.ts';
import { totpGate } from './totp/gate.ts';
import { totpUserExtras } from './totp/user-extras.ts';
import { purgeExpired, schedulePurge, type PurgeReport } from './retention.ts';

export interface AuthServerOptions {
  clock?: Clock;
  /**
   * Where key material is sealed; default: the 0600 key file `<database>.key`, created only for a
   * database with nothing sealed yet. Either must open the data already sealed (data-key.ts).
   */
  secretBox?: SecretBox;
  logger?: Logger;
  /** How the WAL file is flushed to disk before answers (default fdatasync; tests hold it). */
  flushFile?: FlushFile;
  /** Draws the captcha pictures asked for before email codes (default: svg-captcha, offline). */
  captcha?: CaptchaGenerator;
}

export interface AuthServer {
  readonly config: ServerConfig;
  readonly services: Services;
  readonly router: typeof appRouter;
  /** A caller for Node code in the same process (the host app, tests). */
  caller(request?: Partial<RequestInfo>): ReturnType<typeof createCaller>;
  /** A caller allowed every admin procedure without a token: CLI and trusted host code only. */
  adminCaller(): ReturnType<typeof createCaller>;
  onAccountEvent(listener: (event: AccountEvent) => void): () => void;
  /** A kiosk's device sign-in was approved or denied (delivered once the decision is on disk). */
  onDeviceCodeDecided(listener: (event: DeviceCodeDecided) => void): () => void;
  /** Deletes what retention no longer keeps, now; it also runs on a timer (`retention.*`). */
  purge(): PurgeReport;
  close(): Promise<void>;
}

const createCaller = createCallerFactory(appRouter);

export function createAuthServer(configInput: ServerConfigInput = {}, options: AuthServerOptions = {}): AuthServer {
  const config = parseConfig(configInput);
  assertDemoAccountsAllowed(config);
  const clock = options.clock ?? systemClock;
  let opened: SecretBox | undefined;
  const db = openDatabase(config.database, {
    beforeChanges: (checked) => (opened = openDataKey(checked, config.database, options.secretBox)),
  });
  try {
    const secretBox = opened!;
    recordDataKeyCheck(db, secretBox, clock.now());
    const hasher = new PasswordHasher(config.password);
    const logger = options.logger ?? silentLogger;
    const { tokens: t } = config;
    const keys = new SigningKeys(db, clock, secretBox, {
      rotationMs: t.keyRotationDays * 86_400_000,
      retireGraceMs: (Math.max(t.accessTtl, t.idTokenTtl) + t.clockToleranceSeconds) * 1000,
    });
    const services: Services = {
      db,
      commits: groupCommit(db, options.flushFile),
      config,
      clock,
      hasher,
      secretBox,
      keys,
      tokens: new TokenService(keys, clock, { issuer: config.issuer, audience: config.audience, ...t }),
      audit: new AuditLog(db, clock),
      throttle: new Throttle(db, clock, config.lockout),
      lifetimes: { idleMs: t.sessionIdleTtl * 1000, absoluteMs: t.sessionAbsoluteTtl * 1000 },
      logger,
      events: new EventEmitter<ServiceEvents>(),
      // The TOTP feature, wired statically: every sign-in passes its gate; users carry its fields.
      secondFactor: totpGate(() => services),
      mail: createMailService({ db, secretBox, clock, config, logger }),
      userExtras: (userId) => totpUserExtras(db, userId),
      devCaptchaAnswers: config.devMode ? new DevCaptchaAnswers() : undefined,
      captcha: options.captcha ?? svgCaptchaGenerator(),
    };
    services.events.setMaxListeners(0);
    if (configInput.email?.transport === undefined && !services.mail) {
      logger.log('warn', 'email codes are off: no mail transport is configured (set email.transport)');
    }
    return buildServer(services);
  } catch (error) {
    db.close();
    throw error;
  }
}

const noop = () => {};

function buildServer(services: Services): AuthServer {
  const defaults = (locale: Locale = 'en'): RequestInfo => ({ transport: 'internal', locale });
  const stopPurging = schedulePurge(services);
  return {
    config: services.config,
    services,
    router: appRouter,
    caller: (request = {}) => createCaller({ services, request: { ...defaults(request.locale), ...request } }),
    adminCaller: () => createCaller({ services, request: { ...defaults(), internalAdmin: true } }),
    onAccountEvent(listener) {
      // Like any answer, news of a change goes out only once the change is on disk (group commit).
      const deliver = (event: AccountEvent) => void services.commits.durable().then(() => listener(event), noop);
      services.events.on('account', deliver);
      return () => services.events.off('account', deliver);
    },
    onDeviceCodeDecided(listener) {
      const deliver = (event: DeviceCodeDecided) => void services.commits.durable().then(() => listener(event), noop);
      services.events.on('deviceCode', deliver);
      return () => services.events.off('deviceCode', deliver);
    },
    purge: () => purgeExpired(services),
    async close() {
      stopPurging();
      await services.mail?.close();
      await services.hasher.close();
      await services.commits.close();
      services.db.close();
    },
  };
}
