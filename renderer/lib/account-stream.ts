// The live events stream of the account on screen. Over HTTP it refreshes ahead of the access
// token's expiry and hands the new token to the open stream, which the server would otherwise
// close when the old one expires.
import type { SignedInAccount } from './saved-accounts.ts';
import type { AccountEventMessage, StopListening, Transport } from './transport.ts';

/** How long before the access token expires the open events stream gets a fresh one. */
const RENEW_MARGIN_MS = 60_000;

export interface AccountStreamHandlers {
  onEvent(event: AccountEventMessage): void;
  onSessionEnded(account: SignedInAccount): void;
  /** Refreshes the tokens; a stream that takes tokens then gets the new one through `takeToken`. */
  refresh(): void;
}

export class AccountStream {
  readonly #transport: Transport;
  readonly #handlers: AccountStreamHandlers;
  #stop: (() => void) | undefined;
  #stream: StopListening | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: Transport, handlers: AccountStreamHandlers) {
    this.#transport = transport;
    this.#handlers = handlers;
  }

  /** Listens for `account`'s events, closing the stream open before. */
  open(account: SignedInAccount): void {
    this.#stop?.();
    const stream = this.#transport.listen(
      account.tokens?.accessToken,
      { sessionId: account.session.id, deviceId: account.device.id },
      {
        onEvent: (event) => {
          // The stream's own bookkeeping (a fresher token accepted), not a change to the account.
          if (event.type === 'auth.ok') return;
          this.#handlers.onEvent(event);
        },
        onSessionEnded: () => this.#handlers.onSessionEnded(account),
        // Late (a sleeping laptop): refresh now; the stream reconnects with the new token.
        onTokenExpired: () => this.#handlers.refresh(),
      },
    );
    this.#stream = stream;
    this.#stop = () => {
      clearTimeout(this.#renewTimer);
      if (this.#stream === stream) this.#stream = undefined;
      stream();
    };
    this.#scheduleRenewal(account);
  }

  close(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** Listens for the events of `account`, the one on screen, or of none. */
  follow(account: SignedInAccount | undefined): void {
    if (account) this.open(account);
    else this.close();
  }

  /**
   * After `before`'s tokens were refreshed: the same session goes on, so the open stream takes the
   * new token instead of reconnecting; otherwise it follows `now`, the account on screen.
   */
  renewed(before: SignedInAccount, now: SignedInAccount | undefined): void {
    if (now?.user.id === before.user.id && now.session.id === before.session.id && this.takesTokens) {
      this.takeToken(now);
    } else {
      this.follow(now);
    }
  }

  /** True when the open stream takes a fresher token instead of reconnecting. */
  get takesTokens(): boolean {
    return !!this.#stream?.sendToken;
  }

  /** Hands `account`'s refreshed access token to the open stream. */
  takeToken(account: SignedInAccount): void {
    const token = account.tokens?.accessToken;
    if (token !== undefined) this.#stream?.sendToken?.(token);
    this.#scheduleRenewal(account);
  }

  /** Refreshes a little before the access token expires, while a stream can take the new one. */
  #scheduleRenewal(account: SignedInAccount): void {
    clearTimeout(this.#renewTimer);
    const tokens = account.tokens;
    if (!this.#stream?.sendToken || !tokens) return;
    // Never more than the token's whole lifetime, and nothing when this device's clock says it has
    // already expired: a clock far off the server's must not refresh in a loop (a late token closes
    // the stream instead, and onTokenExpired refreshes then).
    const left = Math.min(Date.parse(tokens.accessTokenExpiresAt) - Date.now(), tokens.expiresIn * 1000);
    if (!(left > 0)) return;
    const delay = left - Math.min(RENEW_MARGIN_MS, left / 2);
    this.#renewTimer = setTimeout(() => this.#handlers.refresh(), delay);
  }
}
