// The screens' one handle on the server: a typed tRPC client plus the accounts signed in on this
// device. Over HTTP it keeps their tokens (in memory and this tab's sessionStorage, saved-accounts.ts)
// and refreshes an expired access token once before giving up, and keeps the device trust tokens
// (with the device id) that sign-ins present; over the bridge main keeps the tokens. The active
// account's live events come through account-stream.ts, the list of accounts is account-list.ts.
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { AuthResult, PublicUser, SignInResult } from '../../shared/types.ts';
import type { MagicLinkDescription, MagicLinkSent } from '../../shared/magic-link.ts';
import type { ApiError } from '../../shared/errors.ts';
import type { EmailChanged, EmailChangeReported, EmailChangeRequested } from '../../shared/types.ts';
import type { AuthMethods, DeviceInput } from '../../shared/schemas.ts';
import { toApiError } from './api-error.ts';
import { OfferedMethods } from './offered-methods.ts';
import { keepTrustToken } from './trust-link.ts';
import { createApi } from './api-client.ts';
import type { AccountEventMessage, Transport } from './transport.ts';
import { AccountStream } from './account-stream.ts';
import { accountFrom, AccountList, type ChangeListener, type EndReason } from './account-list.ts';
import { endSession } from './end-session.ts';
import { keptMagicLinkNonce, newMagicLinkNonce } from './magic-link-nonce.ts';
import type { SignedInAccount } from './saved-accounts.ts';
import { getLocale } from '../i18n/i18n.ts';

export type { EndReason, SignedInAccount };

type EventListener = (event: AccountEventMessage) => void;

export class LatchkeyClient {
  readonly transport: Transport;
  readonly api: TRPCClient<AppRouter>;
  readonly #list: AccountList;
  readonly #events: AccountStream;
  #refreshing: Promise<boolean> | undefined;
  readonly #methods = new OfferedMethods(() => this.api.auth.methods.query());
  readonly #eventListeners = new Set<EventListener>();

  constructor(transport: Transport) {
    this.transport = transport;
    this.#list = new AccountList(transport.storage);
    this.#events = new AccountStream(transport, {
      onEvent: (event) => {
        for (const listener of this.#eventListeners) listener(event);
      },
      onSessionEnded: (account) => this.#drop(account.user.id, 'session_ended'),
      refresh: () => void this.#refresh(),
    });
    this.api = createApi(transport, () => this.active?.tokens?.accessToken);
    if (this.#list.activeId !== undefined) this.#events.follow(this.active);
    if (transport.mainSession) void this.#mirrorMain();
  }

  get accounts(): readonly SignedInAccount[] {
    return this.#list.all;
  }

  get active(): SignedInAccount | undefined {
    return this.#list.active;
  }

  /** Device facts to send with a sign-in (undefined where the transport vouches for the device). */
  device(): DeviceInput | undefined {
    return this.transport.device(getLocale());
  }

  /** The sign-in methods the server offers (auth.methods), asked once; a failed ask is asked again. */
  methods(): Promise<AuthMethods> {
    return this.#methods.get();
  }

  /**
   * Asks for a sign-in link, with a nonce this tab keeps (magic-link-nonce.ts, docs/security.md R74),
   * and the captcha's answer when the server asked for one (the same steps as a code request).
   */
  requestMagicLink(input: {
    email: string;
    redirectTo?: string | undefined;
    captchaId?: string | undefined;
    captchaAnswer?: string | undefined;
  }): Promise<MagicLinkSent> {
    const nonce = newMagicLinkNonce();
    return this.call((api) => api.auth.requestMagicLink.mutate({ ...input, nonce, device: this.device() }));
  }

  /** Who asked for the link, from where and when; `sameBrowser` when this tab asked. */
  describeMagicLink(token: string): Promise<MagicLinkDescription> {
    const nonce = keptMagicLinkNonce();
    return this.call((api) => api.auth.describeMagicLink.mutate({ token, ...(nonce ? { nonce } : {}) }));
  }

  /** Uses the link: signed in (call signedIn with it) or the second factor to pass. */
  verifyMagicLink(token: string): Promise<SignInResult> {
    return this.call((api) => api.auth.verifyMagicLink.mutate({ token, device: this.device() }));
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
          if (again.code === 'UNAUTHORIZED') this.#drop(this.#list.activeId, 'session_ended');
          throw again;
        }
      }
      this.#drop(this.#list.activeId, 'session_ended');
      throw apiError;
    }
  }

  signedIn(result: AuthResult): void {
    this.transport.rememberDevice(result.device.id);
    keepTrustToken(this.transport.deviceTrust, result);
    this.#list.add(accountFrom(result));
    this.#activate(result.user.id);
  }

  /** Keeps the cached profile in step after the user changes it. */
  updateUser(user: PublicUser): void {
    this.#list.updateUser(user);
    this.#list.save();
    this.#list.announce();
  }

  switchTo(userId: number): void {
    if (!this.#list.has(userId)) return;
    void this.transport.mainSession?.switchTo(userId).catch(() => this.#mirrorMain());
    this.#activate(userId);
  }

  /** Shows the sign-in screen while keeping other accounts signed in (kiosk "add account"). */
  detach(): void {
    void this.transport.mainSession?.detach().catch(() => {});
    this.#list.activeId = undefined;
    this.#events.close();
    this.#list.save();
    this.#list.announce();
  }

  async signOut(reason: EndReason = 'signed_out'): Promise<void> {
    const account = this.active;
    if (!account) return;
    // Our own sign-out must not come back as "your session ended" from the event stream.
    this.#events.close();
    await endSession(this.transport, this.api);
    this.#drop(account.user.id, reason);
  }

  /** Deletes the active account; its sessions end with it, which is not "your session ended". */
  async deleteAccount(): Promise<void> {
    const account = this.active;
    if (!account) return;
    this.#events.close();
    try {
      await this.call((api) => api.account.delete.mutate(undefined));
    } catch (error) {
      if (this.active === account) this.#events.follow(this.active);
      throw error;
    }
    await this.transport.mainSession?.signOut().catch(() => {});
    this.#drop(account.user.id, 'deleted');
  }

  /** Mails a code to `newEmail` (needs a recent sign-in: REAUTH_REQUIRED otherwise). */
  requestEmailChange(newEmail: string): Promise<EmailChangeRequested> {
    return this.call((api) => api.account.requestEmailChange.mutate({ newEmail }));
  }

  /** Changes the active account's email with the mailed code, and keeps the cached profile in step. */
  async confirmEmailChange(code: string): Promise<EmailChanged> {
    const changed = await this.call((api) => api.account.confirmEmailChange.mutate({ code }));
    const user = this.active?.user;
    if (user) this.updateUser({ ...user, email: changed.email, emailVerified: changed.emailVerified });
    return changed;
  }

  /** "This was not me" from an email-change notice's link: locks that account (no sign-in needed). */
  reportEmailChange(token: string): Promise<EmailChangeReported> {
    return this.api.auth.reportEmailChange.mutate({ token });
  }

  /** Kiosk privacy: every account signed in on this device signs out, not only the one on screen. */
  async signOutAll(reason: EndReason): Promise<void> {
    this.#events.close();
    for (const account of [...this.#list.all]) {
      this.#list.activeId = account.user.id;
      await endSession(this.transport, this.api, account.user.id);
    }
    this.#list.reset([], undefined);
    this.#list.save();
    this.#list.announce(reason);
  }

  onChange(listener: ChangeListener): () => void {
    return this.#list.onChange(listener);
  }

  onAccountEvent(listener: EventListener): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  #activate(userId: number): void {
    this.#list.activeId = userId;
    this.#list.save();
    this.#events.follow(this.active);
    this.#list.announce();
  }

  #drop(userId: number | undefined, reason: EndReason): void {
    if (userId === undefined) return;
    const wasActive = userId === this.#list.activeId;
    this.#list.remove(userId);
    if (wasActive) {
      this.#events.close();
      this.#list.activeId = undefined;
    }
    this.#list.save();
    this.#list.announce(wasActive ? reason : undefined);
  }

  async #refresh(): Promise<boolean> {
    const account = this.active;
    const refreshToken = account?.tokens?.refreshToken;
    if (!account || !refreshToken) return false;
    this.#refreshing ??= this.api.auth.refresh
      .mutate({ refreshToken, device: this.device() })
      .then((result) => {
        keepTrustToken(this.transport.deviceTrust, result);
        this.#list.replace(accountFrom(result));
        this.#list.save();
        this.#events.renewed(account, this.active);
        return true;
      })
      .catch(() => false)
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** Electron: main remembers who is signed in (across reloads, with remember-me across restarts). */
  async #mirrorMain(): Promise<void> {
    try {
      const state = await this.transport.mainSession!.state();
      const accounts = state.accounts.map(({ user, device, session }) => ({ user, device, session }));
      this.#list.reset(accounts, state.activeUserId ?? undefined);
      this.#events.follow(this.active);
      this.#list.announce();
    } catch {
      // main without app.* (a host app's own bridge): the renderer's own list is all there is.
    }
  }
}

export type { ApiError };
