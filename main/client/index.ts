// latchkey/client: a typed client for the Latchkey HTTP API that runs in Node, browsers and React
// Native (fetch and WebSocket only; no Node built-ins, no DOM).
export { createLatchkeyClient, type LatchkeyClientOptions } from './client.ts';
export type { LatchkeyClient, Revoked } from './client-interface.ts';
export {
  LatchkeyError,
  LatchkeyNetworkError,
  NETWORK_ERROR,
  isLatchkeyError,
  type LatchkeyErrorCode,
  type LatchkeyErrorInit,
} from './errors.ts';
export { memoryStorage, STORAGE_KEYS, type LatchkeyStorage } from './storage.ts';
export { DEVICE_CODE_ENDED, SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED } from '../../shared/events.ts';
export type { DeviceCodeEvent } from '../../shared/events.ts';
export { timerWait, type WaitForDeviceSignInOptions } from './device-sign-in.ts';
export type { DeviceSignInDecision, DeviceSignInRequest, DeviceSignInStarted } from '../../shared/device-sign-in.ts';
export { type EventHandlers, type EventStream, type WebSocketConstructor, type WebSocketLike } from './events.ts';
export type { FetchLike, FetchInit, FetchResponseLike } from './transport.ts';
export type * from './inputs.ts';
export type { ApiError, ErrorCode } from '../../shared/errors.ts';
export type { DeviceInput, Platform } from '../../shared/schemas.ts';
export type { PasskeyRegistrationOptions, PasskeySignInOptions, PublicPasskey } from '../../shared/passkeys.ts';
export type { EmailChanged, EmailChangeReported, EmailChangeRequested } from '../../shared/types.ts';
export type {
  AccountEventKind,
  AuthResult,
  CaptchaChallenge,
  EmailCodeSent,
  LiveEvent,
  PublicDevice,
  PublicSession,
  PublicUser,
  RecoveryCodes,
  SecondFactorChallenge,
  SignInResult,
  Tokens,
  TotpEnrollment,
} from '../../shared/types.ts';
export type { MagicLinkDescription, MagicLinkSent } from '../../shared/magic-link.ts';
