// The screens' one handle on the server: a typed tRPC client plus the accounts signed in on this
// device. Over HTTP it keeps their tokens (in memory and this tab's sessionStorage) and refreshes an
// expired access token once before giving up, and keeps the device trust tokens (with the device
// id) that sign-ins present; over the bridge main keeps the tokens. While the events stream is
// open over HTTP it refreshes ahead of the access token's expiry and hands the new token to the
// stream, which the server would otherwise close when the old one expires.
import { createTRPCClient, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { AuthResult, PublicDevice, PublicSession, PublicUser, Tokens } from '../../shared/types.ts';
import type { ApiError } from '../../shared/errors.ts';
import type { AuthMethods, DeviceInput } from '../../shared/schemas.ts';
import { toApiError } from './api-error.ts';
import { trustLink } from './trust-link.ts';
import type { AccountEventMessage, StopListening, Transport } from './transport.ts';
import { getLocale } from '../i18n/i18n.ts';

export interface SignedInAccount {
  user: PublicUser;
  device: PublicDevice;
  session: PublicSession;
  tokens?: Tokens | undefined;
}

export type EndReason = 'signed_out' | 'session_ended' | 'idle' | 'deleted';
type ChangeListener = (reason?: EndReason) => void;
type EventListener = (event: AccountEventMessage) => void;

const ACCOUNTS_KEY = 'latchkey.accounts';
/** How long before the access token expires the open events stream gets a fresh one. */
const RENEW_MARGIN_MS = 60_000;
/** What a server that cannot say (a host app's older bridge) is taken to offer. */
const EVERY_METHOD: AuthMethods = {
  password: true,
  emailCode: true,
  totp: true,
  registration: true,
  passwordReset: true,
  // An older bridge knows nothing of passkeys.
  passkey: false,
};

export class LatchkeyClient {
  readonly transport: Transport;
  readonly api: TRPCClient<AppRouter>;
  #accounts: SignedInAccount[] = [];
  #activeId: number | undefined;
  #stopEvents: (() => void) | undefined;
  #stream: StopListening | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<boolean> | undefined;
  #methods: Promise<AuthMethods> | undefined;
  readonly #changeListeners = new Set<ChangeListener>();
  readonly #eventListeners = new Set<EventListener>();

  constructor(transport: Transport) {
    this.transport = transport;
    const trust = transport.deviceTrust;
    this.api = createTRPCClient<AppRouter>({
      links: [
        ...(trust ? [trustLink((email) => trust.get(email))] : []),
        transport.link(
          () => this.active?.tokens?.accessToken,
          () => getLocale(),
        ),
      ],
    });
    this.#restore();
    if (transport.mainSession) void this.#mirrorMain();
  }

  get accounts(): readonly SignedInAccount[] {
    return this.#accounts;
  }

  get active(): SignedInAccount | undefined {
    return this.#accounts.find((account) => account.user.id === this.#activeId);
  }

  /** Device facts to send with a sign-in (undefined where the transport vouches for the device). */
  device(): DeviceInput | undefined {
    return this.transport.device(getLocale());
  }

  /** The sign-in methods the server offers (auth.methods), asked once; a failed ask is asked again. */
  methods(): Promise<AuthMethods> {
    this.#methods ??= this.api.auth.methods.query().catch(() => {
      this.#methods = undefined;
      return EVERY_METHOD;
    });
    return this.#methods;
  }

  /** Runs one call; an expired access token is refreshed once, a dead session signs the account out. */
  async call<T>(run: (api: TRPCClient<AppRouter>) => Promise<T>): Promise<T> {
    try {
      return await run(this.api);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code !== 'UNAUTHORIZED' || !this.active) throw apiError;
      if (await this.#refresh()) {
        try {
          return await run(this.api);
        } catch (retryError) {
          const again = toApiError(retryError);
          if (again.code === 'UNAUTHORIZED') this.#drop(this.#activeId, 'session_ended');
          throw again;
        }
      }
      this.#drop(this.#activeId, 'session_ended');
      throw apiError;
    }
  }

  signedIn(result: AuthResult): void {
    const account: SignedInAccount = {
      user: result.user,
      device: result.device,
      session: result.session,
      tokens: result.tokens,
    };
    this.transport.rememberDevice(result.device.id);
    this.#noteTrust(result);
    this.#accounts = [...this.#accounts.filter((a) => a.user.id !== result.user.id), account];
    this.#activate(result.user.id);
  }

  /** Keeps the cached profile in step after the user changes it. */
  updateUser(user: PublicUser): void {
    this.#accounts = this.#accounts.map((a) => (a.user.id === user.id ? { ...a, user } : a));
    this.#persist();
    this.#emit();
  }

  switchTo(userId: number): void {
    if (!this.#accounts.some((a) => a.user.id === userId)) return;
    void this.transport.mainSession?.switchTo(userId).catch(() => this.#mirrorMain());
    this.#activate(userId);
  }

  /** Shows the sign-in screen while keeping other accounts signed in (kiosk "add account"). */
  detach(): void {
    void this.transport.mainSession?.detach().catch(() => {});
    this.#activeId = undefined;
    this.#stopEvents?.();
    this.#persist();
    this.#emit();
  }

  async signOut(reason: EndReason = 'signed_out'): Promise<void> {
    const account = this.active;
    if (!account) return;
    // Our own sign-out must not come back as "your session ended" from the event stream.
    this.#stopEvents?.();
    this.#stopEvents = undefined;
    try {
      if (this.transport.mainSession) await this.transport.mainSession.signOut();
      else await this.api.auth.logout.mutate();
    } catch {
      // Already ended on the server: signing out locally is all that is left.
    }
    this.#drop(account.user.id, reason);
  }

  /** Deletes the active account; its sessions end with it, which is not "your session ended". */
  async deleteAccount(): Promise<void> {
    const account = this.active;
    if (!account) return;
    this.#stopEvents?.();
    this.#stopEvents = undefined;
    try {
      await this.call((api) => api.account.delete.mutate(undefined));
    } catch (error) {
      if (this.active === account) this.#listen();
      throw error;
    }
    await this.transport.mainSession?.signOut().catch(() => {});
    this.#drop(account.user.id, 'deleted');
  }

  /** Kiosk privacy: every account signed in on this device signs out, not only the one on screen. */
  async signOutAll(reason: EndReason): Promise<void> {
    this.#stopEvents?.();
    this.#stopEvents = undefined;
    const main = this.transport.mainSession;
    for (const account of [...this.#accounts]) {
      this.#activeId = account.user.id;
      try {
        if (main) {
          await main.switchTo(account.user.id);
          await main.signOut();
        } else {
          await this.api.auth.logout.mutate();
        }
      } catch {
        // Already ended on the server.
      }
    }
    this.#accounts = [];
    this.#activeId = undefined;
    this.#persist();
    this.#emit(reason);
  }

  onChange(listener: ChangeListener): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onAccountEvent(listener: EventListener): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  #activate(userId: number): void {
    this.#activeId = userId;
    this.#persist();
    this.#listen();
    this.#emit();
  }

  #listen(): void {
    this.#stopEvents?.();
    const account = this.active;
    if (!account) return;
    const stream = this.transport.listen(
      account.tokens?.accessToken,
      { sessionId: account.session.id, deviceId: account.device.id },
      {
        onEvent: (event) => {
          // The stream's own bookkeeping (a fresher token accepted), not a change to the account.
          if (event.type === 'auth.ok') return;
          for (const listener of this.#eventListeners) listener(event);
        },
        onSessionEnded: () => this.#drop(account.user.id, 'session_ended'),
        // Late (a sleeping laptop): refresh now; the stream reconnects with the new token.
        onTokenExpired: () => void this.#refresh(),
      },
    );
    this.#stream = stream;
    this.#stopEvents = () => {
      clearTimeout(this.#renewTimer);
      if (this.#stream === stream) this.#stream = undefined;
      stream();
    };
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
    this.#renewTimer = setTimeout(() => void this.#refresh(), delay);
  }

  #drop(userId: number | undefined, reason: EndReason): void {
    if (userId === undefined) return;
    const wasActive = userId === this.#activeId;
    this.#accounts = this.#accounts.filter((a) => a.user.id !== userId);
    if (wasActive) {
      this.#stopEvents?.();
      this.#stopEvents = undefined;
      this.#activeId = undefined;
    }
    this.#persist();
    this.#emit(wasActive ? reason : undefined);
  }

  async #refresh(): Promise<boolean> {
    const account = this.active;
    const refreshToken = account?.tokens?.refreshToken;
    if (!account || !refreshToken) return false;
    this.#refreshing ??= this.api.auth.refresh
      .mutate({ refreshToken, device: this.device() })
      .then((result) => {
        this.#noteTrust(result);
        this.#accounts = this.#accounts.map((a) =>
          a.user.id === result.user.id
            ? { user: result.user, device: result.device, session: result.session, tokens: result.tokens }
            : a,
        );
        this.#persist();
        const active = this.active;
        // The same session goes on: the open stream takes the new token instead of reconnecting.
        if (
          active?.user.id === account.user.id &&
          active.session.id === account.session.id &&
          this.#stream?.sendToken
        ) {
          this.#stream.sendToken(result.tokens.accessToken);
          this.#scheduleRenewal(active);
        } else {
          this.#listen();
        }
        return true;
      })
      .catch(() => false)
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** Keeps a newly issued trust token; forgets one the server no longer honours (untrusted, expired). */
  #noteTrust(result: AuthResult): void {
    const trust = this.transport.deviceTrust;
    const issued = result.tokens.deviceTrustToken;
    if (issued !== undefined) trust?.set(result.user.email, issued);
    else if (result.device.trustedUntil === null) trust?.set(result.user.email, undefined);
  }

  /** Electron: main remembers who is signed in (across reloads, with remember-me across restarts). */
  async #mirrorMain(): Promise<void> {
    try {
      const state = await this.transport.mainSession!.state();
      this.#accounts = state.accounts.map(({ user, device, session }) => ({ user, device, session }));
      this.#activeId = state.activeUserId ?? undefined;
      this.#listen();
      this.#emit();
    } catch {
      // main without app.* (a host app's own bridge): the renderer's own list is all there is.
    }
  }

  #emit(reason?: EndReason): void {
    for (const listener of this.#changeListeners) listener(reason);
  }

  #persist(): void {
    const storage = this.transport.storage;
    if (!storage) return;
    try {
      storage.setItem(ACCOUNTS_KEY, JSON.stringify({ activeId: this.#activeId, accounts: this.#accounts }));
    } catch {
      // Storage full or blocked: the accounts live for this page only.
    }
  }

  #restore(): void {
    try {
      const raw = this.transport.storage?.getItem(ACCOUNTS_KEY);
      if (!raw) return;
      const saved = JSON.parse(raw) as { activeId?: number; accounts?: SignedInAccount[] };
      this.#accounts = Array.isArray(saved.accounts) ? saved.accounts : [];
      if (this.#accounts.some((a) => a.user.id === saved.activeId)) {
        this.#activeId = saved.activeId;
        this.#listen();
      }
    } catch {
      this.#accounts = [];
    }
  }
}

export type { ApiError };

let configured: LatchkeyClient | undefined;

/** Host apps call this once before using the elements (the Latchkey app does it in main.ts). */
export function configureLatchkey(transport: Transport): LatchkeyClient {
  configured = new LatchkeyClient(transport);
  return configured;
}

export function latchkey(): LatchkeyClient {
  if (!configured) throw new Error('Call configureLatchkey(transport) before using the Latchkey elements.');
  return configured;
}
