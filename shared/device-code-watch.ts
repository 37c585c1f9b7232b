// The kiosk's live wait on /v1/device-code/events (docs/rest-api.md, device sign-in): the socket
// says when the phone decided, so the kiosk polls at once instead of at its next interval. Plain
// code (no zod, no platform), shared by latchkey/client and the screens over HTTP.
import { DEVICE_CODE_EVENTS_PATH, type DeviceCodeEvent } from './events.ts';

// Method syntax makes the parameter bivariant, so the platforms' richer event types fit.
type Handler<E> = { handle(event: E): void }['handle'];

/** The little of a WebSocket this needs; the browser's, React Native's and `ws` all fit. */
export interface DecisionSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onmessage: Handler<{ data: unknown }> | null;
  onerror: Handler<never> | null;
  onclose: Handler<never> | null;
}

export type DecisionSocketConstructor = new (url: string) => DecisionSocket;

export interface DeviceCodeWatch {
  /** Resolves when the phone approved or denied; never rejects (polling carries on regardless). */
  readonly decided: Promise<void>;
  /** Stops watching (closes the socket). */
  close(): void;
}

/** Watches one device code over the server at `baseUrl` (http or https, any path prefix). */
export function watchDeviceCode(
  Socket: DecisionSocketConstructor,
  baseUrl: string,
  deviceCode: string,
): DeviceCodeWatch {
  let socket: DecisionSocket | undefined;
  const decided = new Promise<void>((resolve) => {
    try {
      socket = new Socket(`${baseUrl.replace(/\/+$/, '').replace(/^http/i, 'ws')}${DEVICE_CODE_EVENTS_PATH}`);
    } catch {
      return;
    }
    const ws = socket;
    // Named in the first message, never in the URL (which proxies and logs keep). `onopen` is
    // left out of DecisionSocket so narrower socket types fit; every real WebSocket has it.
    (ws as unknown as { onopen: (() => void) | null }).onopen = () =>
      ws.send(JSON.stringify({ type: 'device-code', deviceCode }));
    ws.onmessage = (event) => {
      let message: DeviceCodeEvent | undefined;
      try {
        message = JSON.parse(String(event.data)) as DeviceCodeEvent;
      } catch {
        return;
      }
      if (message.type === 'device-code.approved' || message.type === 'device-code.denied') resolve();
    };
    ws.onerror = () => {};
    ws.onclose = () => {};
  });
  return { decided, close: () => socket?.close(1000, 'done') };
}
