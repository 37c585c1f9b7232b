// The app's sign-in state, held in main (docs/security.md): the renderer never receives a refresh
// token. Main keeps every signed-in account's tokens, refreshes them on the renderer's behalf,
// persists them only for "remember me" (sealed by the OS key store) and tells main-process code who
// is signed in, so a host app can call its own backend with a fresh access token. It also keeps the
// device trust tokens of accounts that trusted this machine, and outlives their sign-outs with them.
import type { AuthResult, PublicUser } from '../../shared/types.ts';
import type { RequestInfo } from '../server/request.ts';
import { AuthError } from '../server/errors.ts';
import type { AccountEvent } from '../server/services.ts';
import type {
  AppSessionOptions,
  AppSessionState,
  AuthChange,
  AuthChangeKind,
  MainAuthApi,
} from './app-session-types.ts';
import { memoryDeviceTrustStore } from './device-trust-store.ts';
import type { RememberedAccount } from './remembered-store.ts';
import { Listeners } from './listeners.ts';
import { SaveChain } from './save-chain.ts';
import { TrustTokens } from './trust-tokens.ts';

export type {
  AccountView,
  AppSessionOptions,
  AppSessionState,
  AuthChange,
  AuthChangeKind,
  MainAuthApi,
} from './app-session-types.ts';

interface Held extends AuthResult {
  remember: boolean;
}

/** Errors after which the held refresh token is worthless. */
const SESSION_OVER = new Set(['UNAUTHORIZED', 'REFRESH_TOKEN_REUSED', 'USER_INACTIVE', 'INVALID_CREDENTIALS']);

export class AppSession implements MainAuthApi {
  readonly #options: AppSessionOptions;
  readonly #accounts = new Map<number, Held>();
  readonly #refreshing = new Map<number, Promise<AuthResult | undefined>>();
  readonly #listeners = new Listeners<AuthChange>();
  readonly #activeEventListeners = new Listeners<AccountEvent>();
  readonly #stopEvents: () => void;
  /** Device trust tokens by user id; they outlive sign-outs (restore() loads the saved ones). */
  readonly #trust: TrustTokens;
  #activeId: number | undefined;
  #rememberNext = false;
  /** The chain of saves to the remembered and device trust stores, in the order of the changes. */
  readonly #saves: SaveChain;

  constructor(options: AppSessionOptions) {
    this.#options = options;
    this.#saves = new SaveChain(options.logger);
    this.#trust = new TrustTokens(options.trustStore ?? memoryDeviceTrustStore(), this.#saves);
    const { events } = options.server;
    const stopAccount = options.server.onAccountEvent((event) => this.#onAccountEvent(event));
    // Another process (the CLI, a second server) raises no event here: look again when it writes.
    const stopExternal = events.onExternalChange(() => {
      for (const held of [...this.#accounts.values()])
        if (!events.isLive(held.session.id)) this.#drop(held.user.id, 'session_ended');
    });
    this.#stopEvents = () => {
      stopAccount();
      stopExternal();
    };
  }

  get state(): AppSessionState {
    return {
      activeUserId: this.#activeId ?? null,
      accounts: [...this.#accounts.values()].map(({ user, device, session, remember }) => ({
        user,
        device,
        session,
        remembered: remember,
      })),
      rememberMe: { enabled: this.#rememberNext, ...this.#options.remember },
    };
  }

  currentUser(): PublicUser | undefined {
    return this.#activeId === undefined ? undefined : this.#accounts.get(this.#activeId)?.user;
  }

  async accessToken(): Promise<string | undefined> {
    const id = this.#activeId;
    if (id === undefined) return undefined;
    return this.accessTokenOf(id);
  }

  async accessTokenOf(userId: number): Promise<string | undefined> {
    const held = this.#accounts.get(userId);
    if (!held) return undefined;
    const margin = this.#options.refreshMarginMs ?? 60_000;
    if (Date.parse(held.tokens.accessTokenExpiresAt) - margin > this.#now()) return held.tokens.accessToken;
    return (await this.refresh(userId))?.tokens.accessToken;
  }

  /** The trust token this machine holds for the account, which main presents when it signs in. */
  deviceTrustToken(userId: number): string | undefined {
    return this.#trust.get(userId);
  }

  /** Takes over a completed sign-in: main now holds its tokens and it becomes the active account. */
  adopt(result: AuthResult): void {
    this.#trust.note(result);
    const previous = this.#accounts.get(result.user.id);
    if (previous && previous.session.id !== result.session.id) void this.#logout(previous);
    this.#accounts.delete(result.user.id);
    this.#accounts.set(result.user.id, { ...result, remember: this.#rememberNext && this.#options.remember.available });
    this.#activeId = result.user.id;
    this.#persist();
    this.#emit('signed_in', result.user.id);
  }

  /** Rotates one account's refresh token; concurrent callers share one rotation. */
  refresh(userId: number | undefined = this.#activeId): Promise<AuthResult | undefined> {
    if (userId === undefined || !this.#accounts.has(userId)) return Promise.resolve(undefined);
    let pending = this.#refreshing.get(userId);
    if (!pending) {
      pending = this.#rotate(userId).finally(() => this.#refreshing.delete(userId));
      this.#refreshing.set(userId, pending);
    }
    return pending;
  }

  async signOut(userId: number | undefined = this.#activeId): Promise<void> {
    const held = userId === undefined ? undefined : this.#accounts.get(userId);
    if (!held) return;
    // Dropped first, so the revocation event of this very logout does not read as "ended elsewhere".
    this.#drop(held.user.id, 'signed_out');
    await this.#logout(held);
  }

  switchTo(userId: number): boolean {
    if (!this.#accounts.has(userId)) return false;
    this.#activeId = userId;
    this.#persist();
    this.#emit('switched', userId);
    return true;
  }

  /** No active account (the sign-in screen), other accounts stay signed in (kiosk "add account"). */
  detach(): void {
    this.#activeId = undefined;
    this.#persist();
    this.#emit('switched', null);
  }

  /** Applies to the active account now and to the next sign-ins. */
  setRememberMe(remember: boolean): void {
    const support = this.#options.remember;
    if (remember && !support.available) {
      this.#options.logger?.log('warn', 'remember me refused', { reason: support.reason });
      throw new AuthError('REMEMBER_ME_UNAVAILABLE', { reason: support.reason });
    }
    this.#rememberNext = remember;
    const active = this.#activeId === undefined ? undefined : this.#accounts.get(this.#activeId);
    if (active) active.remember = remember;
    this.#persist();
    this.#emit('remember_changed', this.#activeId ?? null);
  }

  /** Signs remembered accounts back in at start-up (each one's refresh token rotates), and takes
   *  back the device trust tokens this machine holds. */
  async restore(): Promise<void> {
    await this.#trust.load();
    let saved: RememberedAccount[];
    try {
      saved = await this.#options.store.load();
    } catch {
      saved = [];
    }
    for (const entry of saved) {
      try {
        const result = await this.#caller().auth.refresh({ refreshToken: entry.refreshToken });
        this.#trust.note(result);
        this.#accounts.set(result.user.id, { ...result, remember: true });
        if (entry.active) this.#activeId = result.user.id;
      } catch {
        this.#options.logger?.log('info', 'remembered sign-in expired', { userId: entry.userId });
      }
    }
    this.#persist();
    if (this.#accounts.size > 0) this.#emit('signed_in', this.#activeId ?? null);
  }

  onAuthChange(listener: (change: AuthChange) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Live changes to the active account's sessions and devices (told before main reacts to them). */
  onActiveAccountEvent(listener: (event: AccountEvent) => void): () => void {
    return this.#activeEventListeners.add(listener);
  }

  /** Resolves once every change so far is in the remembered store. */
  saved(): Promise<void> {
    return this.#saves.done();
  }

  /** Stops listening, lets rotations in flight finish and waits for their saves (a rotated
   *  token not saved would read as reuse at the next start and end the session). */
  async close(): Promise<void> {
    this.#stopEvents();
    this.#listeners.clear();
    this.#activeEventListeners.clear();
    await Promise.allSettled(this.#refreshing.values());
    await this.#saves.done();
  }

  async #rotate(userId: number): Promise<AuthResult | undefined> {
    const held = this.#accounts.get(userId);
    if (!held) return undefined;
    try {
      const result = await this.#caller().auth.refresh({ refreshToken: held.tokens.refreshToken });
      if (this.#accounts.get(userId) !== held) return undefined; // signed out meanwhile
      this.#trust.note(result);
      this.#accounts.set(userId, { ...result, remember: held.remember });
      this.#persist();
      this.#emit('refreshed', userId);
      return result;
    } catch (error) {
      const code = error instanceof AuthError ? error.errorCode : 'INTERNAL';
      if (SESSION_OVER.has(code) && this.#accounts.get(userId) === held) this.#drop(userId, 'session_ended');
      return undefined;
    }
  }

  /**
   * Ends the held session on the server. Its access token may have expired meanwhile (main renews
   * only the active account's, when asked): then the refresh token main also holds buys a fresh
   * one, so the session ends on the server and not only here.
   */
  async #logout(held: Held): Promise<void> {
    const logout = (accessToken: string) => this.#caller({ accessToken }).auth.logout();
    try {
      await logout(held.tokens.accessToken);
    } catch (error) {
      if (!(error instanceof AuthError) || error.errorCode !== 'UNAUTHORIZED') return;
      try {
        const renewed = await this.#caller().auth.refresh({ refreshToken: held.tokens.refreshToken });
        await logout(renewed.tokens.accessToken);
      } catch {
        // Already over on the server (ended, expired, revoked): nothing left to end.
      }
    }
  }

  #onAccountEvent(event: AccountEvent): void {
    const held = this.#accounts.get(event.userId);
    if (!held) return;
    // Told first; a listener's failure (a closed window) does not keep main from reacting below.
    if (event.userId === this.#activeId) this.#activeEventListeners.tell(event);
    const ended =
      // No session named: every session of the user ended with the account (deleted).
      (event.kind === 'session.revoked' && (event.sessionId === undefined || event.sessionId === held.session.id)) ||
      (event.kind === 'device.revoked' && event.deviceId === held.device.id);
    if (ended) this.#drop(event.userId, 'session_ended');
  }

  #drop(userId: number, kind: 'signed_out' | 'session_ended'): void {
    if (!this.#accounts.delete(userId)) return;
    if (this.#activeId === userId) this.#activeId = undefined;
    this.#persist();
    this.#emit(kind, userId);
  }

  #persist(): void {
    const remembered = [...this.#accounts.values()]
      .filter((held) => held.remember)
      .map((held) => ({
        userId: held.user.id,
        refreshToken: held.tokens.refreshToken,
        ...(held.user.id === this.#activeId ? { active: true } : {}),
      }));
    this.#saves.then(() => this.#options.store.save(remembered), 'could not save remembered sign-ins');
  }

  #emit(kind: AuthChangeKind, userId: number | null): void {
    this.#listeners.tell({ kind, userId, user: this.currentUser() });
  }

  #caller(extra: Partial<RequestInfo> = {}) {
    return this.#options.server.caller({ ...this.#options.request(), ...extra });
  }

  #now(): number {
    return this.#options.server.services.clock.now();
  }
}
