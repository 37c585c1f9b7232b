// The one object the Electron preload exposes to the renderer (`window.latchkey`): a message port
// carrying tRPC calls, live account events, and static facts about the app. Nothing else crosses.
// The wire format follows tRPC's own JSON-RPC messages, so either side can reuse tRPC helpers.

export type BridgeMethod = 'query' | 'mutation';

/** Renderer → main: one procedure call. `id` is unique per call on this port. */
export interface BridgeRequest {
  id: number;
  method: BridgeMethod;
  params: { path: string; input?: unknown };
}

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

/** Main → renderer: a call's answer (errors travel as data: IPC keeps only messages), or an event. */
export type BridgeResponse =
  | { id: number; result: { type: 'data'; data: unknown } }
  | { id: number; error: BridgeErrorShape }
  | { event: BridgeAccountEvent };

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
