// The one object the Electron preload exposes to the renderer (`window.latchkey`): a message port
// carrying tRPC calls (queries, mutations, subscriptions), live account events and device sign-in
// decisions, and static facts about the app. Nothing else crosses. The wire format is tRPC's own
// JSON-RPC messages, so either side can reuse tRPC helpers; main validates every message and its
// sender before the router.

export const BRIDGE_CHANNEL = 'latchkey:trpc';

export type BridgeMethod = 'query' | 'mutation' | 'subscription';

/** Renderer → main: one procedure call, or the end of a subscription. `id` is unique per call. */
export type BridgeRequest =
  | {
      id: number;
      method: BridgeMethod;
      params: { path: string; input?: unknown };
      /** The screen's language for messages in errors (`en`, `zh`); main's locale otherwise. */
      locale?: string;
    }
  | { id: number; method: 'subscription.stop' };

/** The error shape the router's formatter produces (`data.error` is the contract's ApiError). */
export interface BridgeErrorShape {
  message: string;
  code: number;
  data: { code?: string; httpStatus?: number; path?: string; error?: unknown };
}

/** A live change to the signed-in user's sessions or devices (same as HTTP's /v1/events). */
export interface BridgeAccountEvent {
  type: string;
  sessionId?: string;
  deviceId?: string;
  at?: string;
}

/**
 * A phone decided a device sign-in (a kiosk waiting for it then polls at once). Only the hex
 * SHA-256 of the device code crosses, never the code: the screen that holds the code compares.
 */
export interface BridgeDeviceCodeDecision {
  codeHash: string;
  outcome: 'approved' | 'denied';
}

/** What a call or subscription answers: data, or a subscription starting or stopping. */
export type BridgeResult = { type: 'data'; data: unknown } | { type: 'started' } | { type: 'stopped' };

/** Main → renderer: a call's answer (errors travel as data: IPC keeps only messages), or live news. */
export type BridgeResponse =
  | { id: number; result: BridgeResult }
  | { id: number; error: BridgeErrorShape }
  | { event: BridgeAccountEvent }
  | { deviceCode: BridgeDeviceCodeDecision };

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** Full screen, idle sign-out and quick account switching. */
  kiosk?: boolean;
  /** Minutes without input before a kiosk signs out. */
  idleMinutes?: number;
  /** Dev mode: the renderer may show the dev inbox. */
  devMode?: boolean;
  /** The system's language tag, e.g. `zh-CN`. */
  locale?: string;
}

export interface LatchkeyBridge {
  sendMessage(message: BridgeRequest): void;
  /** Returns the function that removes this listener. */
  onMessage(listener: (message: BridgeResponse) => void): () => void;
  readonly appInfo: AppInfo;
}

/**
 * Over the bridge main keeps every bearer credential (refresh, access and id tokens, and the
 * device trust token that skips the second factor) and authenticates the renderer's calls itself:
 * sign-in results reach the renderer without them.
 */
export const MAIN_HELD_TOKEN_FIELDS = ['refreshToken', 'accessToken', 'idToken', 'deviceTrustToken'] as const;

/** Main hands the preload its AppInfo as a process argument (a sandboxed preload reads no files). */
export const APP_INFO_ARG = '--latchkey-app-info=';

export function appInfoArgument(info: AppInfo): string {
  return `${APP_INFO_ARG}${encodeURIComponent(JSON.stringify(info))}`;
}

/** The AppInfo main passed, keeping only known fields of the right types. */
export function appInfoFromArgv(argv: readonly string[]): AppInfo {
  const arg = argv.find((a) => a.startsWith(APP_INFO_ARG));
  let raw: Record<string, unknown>;
  try {
    raw = arg ? (JSON.parse(decodeURIComponent(arg.slice(APP_INFO_ARG.length))) as Record<string, unknown>) : {};
  } catch {
    raw = {};
  }
  if (typeof raw !== 'object' || raw === null) raw = {};
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.slice(0, 100) : fallback);
  const info: AppInfo = {
    name: text(raw.name, 'Latchkey'),
    version: text(raw.version, '0.0.0'),
    platform: text(raw.platform, 'unknown'),
  };
  if (typeof raw.kiosk === 'boolean') info.kiosk = raw.kiosk;
  if (typeof raw.devMode === 'boolean') info.devMode = raw.devMode;
  if (typeof raw.idleMinutes === 'number' && Number.isFinite(raw.idleMinutes)) info.idleMinutes = raw.idleMinutes;
  if (typeof raw.locale === 'string') info.locale = raw.locale.slice(0, 35);
  return info;
}
