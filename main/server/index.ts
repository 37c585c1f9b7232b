// The public surface of the auth server for Node code that embeds it.
export { createAuthServer, type AuthServer, type AuthServerOptions } from './server.ts';
export { parseConfig, type ServerConfig, type ServerConfigInput } from './config.ts';
export { ManualClock, OffsetClock, systemClock, type Clock, type MovableClock } from './clock.ts';
export type { LiveEventMap, LiveEvents, LiveListener } from './live-events.ts';
export type { AccountEvent } from './services.ts';
export { DatabaseCorruptError, DatabaseFromFutureError } from './db/errors.ts';
export { DataKeyError } from './crypto/data-key.ts';
export { FilePermissionError } from './private-files.ts';
export {
  keyFileSecretBox,
  wrappedKeyFileSecretBox,
  aesGcmSecretBox,
  type SecretBox,
  type KeyWrapper,
} from './crypto/secret-box.ts';
export { streamLogger, silentLogger, type Logger } from './logger.ts';
export { svgCaptchaGenerator, type CaptchaGenerator, type CaptchaImage } from './email/captcha-generator.ts';
export { appRouter, type AppRouter } from './api/router.ts';
export type { RequestInfo, Transport } from './request.ts';
