// Open WebSockets are capped per holder (an account on /v1/events, a client address on the kiosk's
// socket) and in all, since each holds timers and memory until it closes (docs/configuration.md,
// "Fixed caps"). Past either cap the upgrade is refused 429 with Retry-After.
import type { Duplex } from 'node:stream';
import type { Locale } from '../../shared/errors.ts';
import { AuthError } from '../server/errors.ts';
import { rejectUpgrade } from './respond.ts';

/** What a capped upgrade is told to wait, in seconds. */
const CAPPED_RETRY_AFTER_SECONDS = 5;

export interface SocketCaps {
  /** Open sockets one holder may have; undefined for no such cap. */
  perHolder: number | undefined;
  total: number;
}

/** Refuses the upgrade and answers true when the holder, or the server, has as many as allowed. */
export function refuseIfCapped(
  socket: Duplex,
  locale: Locale,
  caps: SocketCaps,
  open: { holder: number; total: number },
): boolean {
  const capped = (caps.perHolder !== undefined && open.holder >= caps.perHolder) || open.total >= caps.total;
  if (capped) rejectUpgrade(socket, new AuthError('RATE_LIMITED', { retryAfter: CAPPED_RETRY_AFTER_SECONDS }), locale);
  return capped;
}
