// The one message a client sends on /v1/events: a fresher access token for its session
// (docs/http.md, "Live events").
import type { EventsAuthMessage } from '../../shared/events.ts';

/** The token of a well-formed `{"type":"auth","token":"…"}` message, or undefined. */
export function authMessageToken(data: string): string | undefined {
  let message: Partial<EventsAuthMessage> | null;
  try {
    message = JSON.parse(data) as Partial<EventsAuthMessage> | null;
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || message.type !== 'auth') return undefined;
  return typeof message.token === 'string' && message.token !== '' ? message.token : undefined;
}
