// The kiosk's wait for a phone (RFC 8628 §3.4–3.5): poll every `interval` seconds, wait longer
// after each SLOW_DOWN, and — where a WebSocket is at hand — cut the wait short when the server
// says the phone decided (/v1/device-code/events), so the kiosk signs in at once. The wait itself
// is injectable, so tests move time without sleeping.
import type { DeviceSignInStarted } from '../../shared/device-sign-in.ts';
import { watchDeviceCode, type DeviceCodeWatch } from '../../shared/device-code-watch.ts';
import type { AuthResult } from '../../shared/types.ts';
import { LatchkeyError } from './errors.ts';
import type { WebSocketConstructor } from './events.ts';

export interface WaitForDeviceSignInOptions {
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** How to wait `ms` milliseconds (default: a timer); resolves early or rejects on abort as it likes. */
  wait?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  /** Called before each wait with the interval now in force, in seconds. */
  onPending?: ((info: { interval: number }) => void) | undefined;
  /** false: poll only, never open the events socket. */
  live?: boolean | undefined;
}

export interface DeviceSignInDeps {
  baseUrl: string;
  poll(deviceCode: string): Promise<AuthResult>;
  WebSocket: WebSocketConstructor | undefined;
}

export function timerWait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitForDeviceSignIn(
  deps: DeviceSignInDeps,
  started: Pick<DeviceSignInStarted, 'deviceCode' | 'interval'>,
  options: WaitForDeviceSignInOptions = {},
): Promise<AuthResult> {
  const { signal } = options;
  const wait = options.wait ?? timerWait;
  let interval = started.interval;
  const decided = options.live === false ? undefined : watchDecision(deps, started.deviceCode);
  // Cuts one wait short, once: after that the interval holds again, whatever the poll answered.
  let early: Promise<void> | undefined = decided?.decided.then(() => {
    early = undefined;
  });
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason as Error;
      options.onPending?.({ interval });
      await waitOnce(wait, interval * 1000, signal, early);
      if (signal?.aborted) throw signal.reason as Error;
      try {
        return await deps.poll(started.deviceCode);
      } catch (error) {
        if (!(error instanceof LatchkeyError)) throw error;
        if (error.code === 'SLOW_DOWN') interval = error.retryAfter ?? interval + 5;
        else if (error.code !== 'AUTHORIZATION_PENDING') throw error;
      }
    }
  } finally {
    decided?.close();
  }
}

/**
 * One wait, cut short by `early`. The wait gets its own signal, aborted once the wait is over either
 * way, so a timer the socket's news made moot is cleared rather than left holding the process and
 * the caller's signal (docs/client.md: an approval signs the kiosk in at once).
 */
async function waitOnce(
  wait: (ms: number, signal: AbortSignal | undefined) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
  early: Promise<void> | undefined,
): Promise<void> {
  const step = new AbortController();
  const forward = () => step.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  const waited = wait(ms, step.signal);
  waited.catch(() => undefined); // once cut short, its rejection is expected and unread
  try {
    await Promise.race([waited, ...(early ? [early] : [])]);
  } finally {
    signal?.removeEventListener('abort', forward);
    if (!step.signal.aborted) step.abort(new Error('the wait is over'));
  }
}

/** The socket's watch where a WebSocket is at hand; polling alone otherwise. */
function watchDecision(deps: DeviceSignInDeps, deviceCode: string): DeviceCodeWatch | undefined {
  const Socket = deps.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return Socket ? watchDeviceCode(Socket, deps.baseUrl, deviceCode) : undefined;
}
