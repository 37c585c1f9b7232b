// createAuthServer: the one way to get a running auth server. Nothing here runs at import time;
// the database opens, migrates and self-checks when the factory is called, and fails closed.
import { EventEmitter } from 'node:events';
import type { AnyTRPCRootTypes, TRPCBuiltRouter } from '@trpc/server';
import type { Locale } from '../../shared/errors.ts';
import type { ServerConfigInput, ServerConfig } from './config.ts';
import { parseConfig } from './config.ts';
import { isMovable, OffsetClock, systemClock, type Clock } from './clock.ts';
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
import { routerFor, type AppRouter } from './api/router.ts';
import { authenticate } from './api/authenticate.ts';
import { createMailService } from './email/mail-service.ts';
import { assertDemoAccountsAllowed } from './email/demo-accounts.ts';
import { DevCaptchaAnswers } from './email/dev-captcha-answers.ts';
import { svgCaptchaGenerator, type CaptchaGenerator } from './email/captcha-generator.ts';
import { createCallerFactory } from './api/trpc.ts';
import type { RequestInfo } from './request.ts';
import type { AccountEvent, DeviceCodeDecided, Services } from './services.ts';
import { liveEvents, type LiveEventMap, type LiveEvents } from './live-events.ts';
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
  /**
   * The router every transport of this server serves: the core procedures, plus `dev.*` when
   * `devMode` is on (without it they do not exist at all: not in REST, /trpc, OpenAPI or IPC).
   */
  readonly router: AppRouter;
  /** A caller for Node code in the same process (the host app, tests). */
  caller(request?: Partial<RequestInfo>): Caller;
  /** A caller allowed every admin procedure without a token: CLI and trusted host code only. */
  adminCaller(): Caller;
  /** The server's live news, for transports that push it (main/server/live-events.ts). */
  readonly events: LiveEvents;
  /** `events.on('account', listener)`. */
  onAccountEvent(listener: (event: AccountEvent) => void): () => void;
  /** A kiosk's device sign-in was approved or denied: `events.on('deviceCode', listener)`. */
  onDeviceCodeDecided(listener: (event: DeviceCodeDecided) => void): () => void;
  /** Deletes what retention no longer keeps, now; it also runs on a timer (`retention.*`). */
  purge(): PurgeReport;
  close(): Promise<void>;
}

/** The core router's procedures, read from tRPC's public router type. */
type CoreProcedures = AppRouter extends TRPCBuiltRouter<AnyTRPCRootTypes, infer Procedures> ? Procedures : never;
/** The core router's caller factory, by type; a dev-mode server's callers reach `dev.*` too (REST calls them). */
type CreateCaller = ReturnType<typeof createCallerFactory<CoreProcedures>>;
type Caller = ReturnType<CreateCaller>;

export function createAuthServer(configInput: ServerConfigInput = {}, options: AuthServerOptions = {}): AuthServer {
  const config = parseConfig(configInput);
  assertDemoAccountsAllowed(config);
  const given = options.clock ?? systemClock;
  // Dev mode moves the server's own clock (dev.clock): a fixed one runs shifted by an offset.
  const clock = config.devMode && !isMovable(given) ? new OffsetClock(given) : given;
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
      events: new EventEmitter<LiveEventMap>(),
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

function buildServer(services: Services): AuthServer {
  const defaults = (locale: Locale = 'en'): RequestInfo => ({ transport: 'internal', locale });
  const stopPurging = schedulePurge(services);
  const events = liveEvents(services, authenticate);
  const router = routerFor(services.config);
  const createCaller: CreateCaller = createCallerFactory(router);
  return {
    config: services.config,
    services,
    router,
    caller: (request = {}) => createCaller({ services, request: { ...defaults(request.locale), ...request } }),
    adminCaller: () => createCaller({ services, request: { ...defaults(), internalAdmin: true } }),
    events,
    onAccountEvent: (listener) => events.on('account', listener),
    onDeviceCodeDecided: (listener) => events.on('deviceCode', listener),
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
