// The app's sign-in state, held in main (docs/security.md): the renderer never receives a refresh
// token. Main keeps every signed-in account's tokens, refreshes them on the renderer's behalf,
// persists them only for "remember me" (sealed by the OS key store) and tells main-process code who
// is signed in, so a host app can call its own backend with a fresh access token. It also keeps the
// device trust tokens of accounts that trusted this machine, and outlives their sign-outs with them.
import type { AuthResult, PublicDevice, PublicSession, PublicUser } from '../../shared/types.ts';
import type { RequestInfo } from '../server/request.ts';
import { AuthError } from '../server/errors.ts';
import type { Logger } from '../server/logger.ts';
import type { AuthServer } from '../server/server.ts';
import type { AccountEvent } from '../server/services.ts';
import { memoryDeviceTrustStore, type DeviceTrustStore } from './device-trust-store.ts';
import type { RememberSupport } from './os-crypto.ts';
import type { RememberedAccount, RememberedStore } from './remembered-store.ts';

export interface AccountView {
  user: PublicUser;
  device: PublicDevice;
  session: PublicSession;
  remembered: boolean;
}

export interface AppSessionState {
  activeUserId: number | null;
  accounts: AccountView[];
  rememberMe: { enabled: boolean } & RememberSupport;
}

export type AuthChangeKind =
  'signed_in' | 'refreshed' | 'switched' | 'signed_out' | 'session_ended' | 'remember_changed';

export interface AuthChange {
  kind: AuthChangeKind;
  /** The account the change is about. */
  userId: number | null;
  /** Who is signed in now (the active account), if anyone. */
  user: PublicUser | undefined;
}

/** What main-process code of a host app gets: who is signed in and a fresh access token. */
export interface MainAuthApi {
  currentUser(): PublicUser | undefined;
  /** The active account's access token, refreshed first when it is about to expire. */
  accessToken(): Promise<string | undefined>;
  onAuthChange(listener: (change: AuthChange) => void): () => void;
  signOut(): Promise<void>;
}

export interface AppSessionOptions {
  server: Pick<AuthServer, 'caller' | 'onAccountEvent' | 'services'>;
  /** What main's own calls carry: the IPC transport and this machine as the device. */
  request: () => Partial<RequestInfo>;
  store: RememberedStore;
  remember: RememberSupport;
  /** Where device trust tokens outlive the process (sealed); in memory when not given. */
  trustStore?: DeviceTrustStore;
  /** Refresh an access token this long before it expires. */
  refreshMarginMs?: number;
  logger?: Logger;
}

interface Held extends AuthResult {
  remember: boolean;
}

/** Errors after which the held refresh token is worthless. */
const SESSION_OVER = new Set(['UNAUTHORIZED', 'REFRESH_TOKEN_REUSED', 'USER_INACTIVE', 'INVALID_CREDENTIALS']);

export class AppSession implements MainAuthApi {
  readonly #options: AppSessionOptions;
  readonly #accounts = new Map<number, Held>();
  readonly #refreshing = new Map<number, Promise<AuthResult | undefined>>();
  readonly #listeners = new Set<(change: AuthChange) => void>();
  readonly #activeEventListeners = new Set<(event: AccountEvent) => void>();
  readonly #stopEvents: () => void;
  readonly #trustStore: DeviceTrustStore;
  /** Device trust tokens by user id; they outlive sign-outs (restore() loads the saved ones). */
  readonly #trust = new Map<number, string>();
  #activeId: number | undefined;
  #rememberNext = false;
  /** The chain of saves to the remembered and device trust stores, in the order of the changes. */
  #saving: Promise<void> = Promise.resolve();

  constructor(options: AppSessionOptions) {
    this.#options = options;
    this.#trustStore = options.trustStore ?? memoryDeviceTrustStore();
    this.#stopEvents = options.server.onAccountEvent((event) => this.#onAccountEvent(event));
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
    this.#noteTrust(result);
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
    try {
      for (const [userId, token] of await this.#trustStore.load()) {
        if (!this.#trust.has(userId)) this.#trust.set(userId, token);
      }
    } catch {
      // Unreadable (another OS user, a reset keyring): the second factor is asked again.
    }
    let saved: RememberedAccount[];
    try {
      saved = await this.#options.store.load();
    } catch {
      saved = [];
    }
    for (const entry of saved) {
      try {
        const result = await this.#caller().auth.refresh({ refreshToken: entry.refreshToken });
        this.#noteTrust(result);
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
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Live changes to the active account's sessions and devices (told before main reacts to them). */
  onActiveAccountEvent(listener: (event: AccountEvent) => void): () => void {
    this.#activeEventListeners.add(listener);
    return () => this.#activeEventListeners.delete(listener);
  }

  /** Resolves once every change so far is in the remembered store. */
  saved(): Promise<void> {
    return this.#saving;
  }

  /** Stops listening, lets rotations in flight finish and waits for their saves (a rotated
   *  token not saved would read as reuse at the next start and end the session). */
  async close(): Promise<void> {
    this.#stopEvents();
    this.#listeners.clear();
    this.#activeEventListeners.clear();
    await Promise.allSettled(this.#refreshing.values());
    await this.#saving;
  }

  async #rotate(userId: number): Promise<AuthResult | undefined> {
    const held = this.#accounts.get(userId);
    if (!held) return undefined;
    try {
      const result = await this.#caller().auth.refresh({ refreshToken: held.tokens.refreshToken });
      if (this.#accounts.get(userId) !== held) return undefined; // signed out meanwhile
      this.#noteTrust(result);
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

  async #logout(held: Held): Promise<void> {
    try {
      await this.#caller({ accessToken: held.tokens.accessToken }).auth.logout();
    } catch {
      // Already over on the server (expired, revoked): nothing left to end.
    }
  }

  #onAccountEvent(event: AccountEvent): void {
    const held = this.#accounts.get(event.userId);
    if (!held) return;
    if (event.userId === this.#activeId) {
      for (const listener of this.#activeEventListeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure (a closed window) must not keep main from reacting below.
        }
      }
    }
    const ended =
      (event.kind === 'session.revoked' && event.sessionId === held.session.id) ||
      (event.kind === 'device.revoked' && event.deviceId === held.device.id);
    if (ended) this.#drop(event.userId, 'session_ended');
  }

  #drop(userId: number, kind: 'signed_out' | 'session_ended'): void {
    if (!this.#accounts.delete(userId)) return;
    if (this.#activeId === userId) this.#activeId = undefined;
    this.#persist();
    this.#emit(kind, userId);
  }

  /** Keeps a newly issued trust token; forgets one the server no longer honours (untrusted, expired). */
  #noteTrust(result: AuthResult): void {
    const userId = result.user.id;
    const issued = result.tokens.deviceTrustToken;
    if (issued !== undefined) this.#trust.set(userId, issued);
    else if (result.device.trustedUntil === null && this.#trust.has(userId)) this.#trust.delete(userId);
    else return;
    const snapshot = new Map(this.#trust);
    // On the same chain as the remembered sign-ins: in order, and awaited by saved() and close().
    this.#saving = this.#saving
      .then(() => this.#trustStore.save(snapshot))
      .catch((error: unknown) => {
        this.#options.logger?.log('error', 'could not save device trust', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      });
  }

  #persist(): void {
    const remembered = [...this.#accounts.values()]
      .filter((held) => held.remember)
      .map((held) => ({
        userId: held.user.id,
        refreshToken: held.tokens.refreshToken,
        ...(held.user.id === this.#activeId ? { active: true } : {}),
      }));
    // Chained: sealing is asynchronous, and an older snapshot must never land after a newer one.
    this.#saving = this.#saving
      .then(() => this.#options.store.save(remembered))
      .catch((error: unknown) => {
        this.#options.logger?.log('error', 'could not save remembered sign-ins', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      });
  }

  #emit(kind: AuthChangeKind, userId: number | null): void {
    const change: AuthChange = { kind, userId, user: this.currentUser() };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // One faulty listener must not stop the others or the sign-in itself.
      }
    }
  }

  #caller(extra: Partial<RequestInfo> = {}) {
    return this.#options.server.caller({ ...this.#options.request(), ...extra });
  }

  #now(): number {
    return this.#options.server.services.clock.now();
  }
}
