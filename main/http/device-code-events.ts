// The kiosk's live answer at /v1/device-code/events: a kiosk waiting for a phone has no access
// token, so this socket takes none. Its first message, {"type":"device-code","deviceCode":…},
// names the sign-in it waits for; the code travels in the message, never in the URL (which
// proxies and logs keep). An unknown, used or expired code closes with DEVICE_CODE_ENDED. The
// socket only ever says "pending", "approved" or "denied" and never carries tokens: the kiosk
// collects its session with auth.pollDeviceSignIn, once. Open sockets are capped per address
// and in all, and each lives no longer than its code (docs/security.md R38).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type * as WsModule from 'ws';
import {
  DEVICE_CODE_ENDED,
  DEVICE_CODE_EVENTS_PATH,
  type DeviceCodeEvent,
  type DeviceCodeSubscribeMessage,
} from '../../shared/events.ts';
import { toIso } from '../server/clock.ts';
import { lazyRequire } from '../server/lazy-require.ts';
import type { RequestInfo } from '../server/request.ts';
import type { AuthServer } from '../server/server.ts';
import type { Logger } from '../server/logger.ts';
import type { DeviceCodeDecided } from '../server/services.ts';
import { findByDeviceCodeHash, hashDeviceCode } from '../server/device-sign-in/store.ts';
import { logPeerErrors } from './socket-errors.ts';
import { refuseIfCapped } from './socket-caps.ts';

const loadWs = lazyRequire<typeof WsModule>('ws');

export { DEVICE_CODE_EVENTS_PATH };
/** A device code is 43 characters; the message has room for it and nothing much else. */
const MAX_MESSAGE_BYTES = 512;
/** The first message must come this soon, or the socket closes. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
const MAX_PER_ADDRESS = 10;
const MAX_SOCKETS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Waiter {
  socket: WebSocket;
  address: string;
  codeHash?: string;
  expiresAt?: number;
  timer: NodeJS.Timeout | undefined;
}

export class DeviceCodeHub {
  readonly #auth: AuthServer;
  readonly #logger: Logger;
  #wss: WebSocketServer | undefined;
  readonly #waiters = new Set<Waiter>();
  readonly #byCode = new Map<string, Set<Waiter>>();
  readonly #unsubscribe: () => void;
  readonly #stopClockWatch: (() => void) | undefined;

  constructor(auth: AuthServer, logger: Logger) {
    this.#auth = auth;
    this.#logger = logger;
    // The server's live news (auth.events): decisions, and dev mode's reset, which no socket outlives.
    const stops = [
      auth.events.on('deviceCode', (event) => this.#decided(event)),
      auth.events.on('reset', () => this.closeAll()),
    ];
    this.#unsubscribe = () => stops.forEach((stop) => stop());
    this.#stopClockWatch = auth.services.clock.onMove?.(() => this.#checkExpiries());
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, request: RequestInfo): void {
    const address = request.ipAddress ?? 'unknown';
    const fromAddress = [...this.#waiters].filter((waiter) => waiter.address === address).length;
    const caps = { perHolder: this.#auth.config.limits.perAddress ? MAX_PER_ADDRESS : undefined, total: MAX_SOCKETS };
    if (refuseIfCapped(socket, request.locale, caps, { holder: fromAddress, total: this.#waiters.size })) return;
    const wss = (this.#wss ??= new (loadWs().WebSocketServer)({ noServer: true, maxPayload: MAX_MESSAGE_BYTES }));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const waiter: Waiter = { socket: ws, address, timer: undefined };
      this.#waiters.add(waiter);
      waiter.timer = setTimeout(() => ws.close(1008, 'no device code'), SUBSCRIBE_TIMEOUT_MS).unref();
      ws.on('message', (data, isBinary) => this.#onMessage(waiter, isBinary ? undefined : String(data)));
      ws.on('close', () => this.#forget(waiter));
      logPeerErrors(ws, this.#logger, DEVICE_CODE_EVENTS_PATH);
    });
  }

  /** One message, once: the device code. Anything else, or a second message, ends the socket. */
  #onMessage(waiter: Waiter, data: string | undefined): void {
    const deviceCode = waiter.codeHash === undefined && data !== undefined ? subscribeCode(data) : undefined;
    if (deviceCode === undefined) {
      waiter.socket.close(1003, 'only one device-code message is accepted');
      return;
    }
    clearTimeout(waiter.timer);
    const hash = hashDeviceCode(deviceCode);
    const row = findByDeviceCodeHash(this.#auth.services, hash);
    const now = this.#auth.services.clock.now();
    if (!row || now >= row.expires_at) {
      waiter.socket.close(DEVICE_CODE_ENDED, 'device code ended');
      return;
    }
    waiter.codeHash = hash.toString('hex');
    waiter.expiresAt = row.expires_at;
    let set = this.#byCode.get(waiter.codeHash);
    if (!set) this.#byCode.set(waiter.codeHash, (set = new Set()));
    set.add(waiter);
    // Decided before the kiosk subscribed: say so at once.
    if (row.status !== 'pending') {
      this.#finish(waiter, row.status);
      return;
    }
    this.#send(waiter, { type: 'device-code.pending', expiresAt: toIso(row.expires_at) });
    this.#scheduleExpiry(waiter);
  }

  #decided(event: DeviceCodeDecided): void {
    for (const waiter of this.#byCode.get(event.codeHash) ?? []) this.#finish(waiter, event.outcome);
  }

  #finish(waiter: Waiter, outcome: 'approved' | 'denied'): void {
    this.#send(waiter, { type: outcome === 'approved' ? 'device-code.approved' : 'device-code.denied' });
    waiter.socket.close(1000, outcome);
  }

  #scheduleExpiry(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const delay = (waiter.expiresAt ?? 0) - this.#auth.services.clock.now();
    if (delay <= 0) {
      waiter.socket.close(DEVICE_CODE_ENDED, 'device code expired');
      return;
    }
    waiter.timer = setTimeout(() => this.#scheduleExpiry(waiter), Math.min(delay, MAX_TIMER_MS)).unref();
  }

  /** A clock that jumps (tests, dev mode) may pass an expiry well before its timer fires. */
  #checkExpiries(): void {
    for (const waiter of this.#waiters) if (waiter.expiresAt !== undefined) this.#scheduleExpiry(waiter);
  }

  #forget(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
    if (waiter.codeHash === undefined) return;
    const set = this.#byCode.get(waiter.codeHash);
    set?.delete(waiter);
    if (set?.size === 0) this.#byCode.delete(waiter.codeHash);
  }

  #send(waiter: Waiter, message: DeviceCodeEvent): void {
    if (waiter.socket.readyState === waiter.socket.OPEN) waiter.socket.send(JSON.stringify(message));
  }

  closeAll(code = 1001, reason = 'server going away'): void {
    for (const waiter of this.#waiters) waiter.socket.close(code, reason);
  }

  close(): void {
    this.#stopClockWatch?.();
    this.#unsubscribe();
    this.closeAll();
    this.#wss?.close();
  }
}

/** The device code of a well-formed subscribe message, or undefined. */
function subscribeCode(data: string): string | undefined {
  let message: Partial<DeviceCodeSubscribeMessage> | null;
  try {
    message = JSON.parse(data) as Partial<DeviceCodeSubscribeMessage> | null;
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || message.type !== 'device-code') return undefined;
  const code = message.deviceCode;
  return typeof code === 'string' && code !== '' && code.length <= 128 ? code : undefined;
}
