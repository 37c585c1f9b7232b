// The accounts signed in on this device and which one is on screen, saved in the transport's
// storage (saved-accounts.ts) when told to, and who listens for their changes. The client decides
// when to save and announce: this list only keeps them.
import type { AuthResult, PublicUser } from '../../shared/types.ts';
import { loadAccounts, saveAccounts, type SignedInAccount } from './saved-accounts.ts';

export type EndReason = 'signed_out' | 'session_ended' | 'idle' | 'deleted';
export type ChangeListener = (reason?: EndReason) => void;

/** The account a sign-in (or a refresh) leaves on this device. */
export function accountFrom(result: AuthResult): SignedInAccount {
  return { user: result.user, device: result.device, session: result.session, tokens: result.tokens };
}

export class AccountList {
  readonly #storage: Storage | undefined;
  #accounts: SignedInAccount[];
  #activeId: number | undefined;
  readonly #listeners = new Set<ChangeListener>();

  /** Starts with the list saved in `storage`. */
  constructor(storage: Storage | undefined) {
    this.#storage = storage;
    const saved = loadAccounts(storage);
    this.#accounts = saved.accounts;
    this.#activeId = saved.activeId;
  }

  get all(): readonly SignedInAccount[] {
    return this.#accounts;
  }

  get activeId(): number | undefined {
    return this.#activeId;
  }

  set activeId(userId: number | undefined) {
    this.#activeId = userId;
  }

  get active(): SignedInAccount | undefined {
    return this.#accounts.find((account) => account.user.id === this.#activeId);
  }

  has(userId: number): boolean {
    return this.#accounts.some((a) => a.user.id === userId);
  }

  /** Adds `account`, in place of that user's account if there was one (it goes last). */
  add(account: SignedInAccount): void {
    this.#accounts = [...this.#accounts.filter((a) => a.user.id !== account.user.id), account];
  }

  /** Puts `account` where that user's account is; does nothing for a user not in the list. */
  replace(account: SignedInAccount): void {
    this.#accounts = this.#accounts.map((a) => (a.user.id === account.user.id ? account : a));
  }

  updateUser(user: PublicUser): void {
    this.#accounts = this.#accounts.map((a) => (a.user.id === user.id ? { ...a, user } : a));
  }

  remove(userId: number): void {
    this.#accounts = this.#accounts.filter((a) => a.user.id !== userId);
  }

  /** Takes another keeper's list as it is (main's, in Electron). */
  reset(accounts: SignedInAccount[], activeId: number | undefined): void {
    this.#accounts = accounts;
    this.#activeId = activeId;
  }

  save(): void {
    saveAccounts(this.#storage, { activeId: this.#activeId, accounts: this.#accounts });
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener the list changed, and why the account on screen left if it did. */
  announce(reason?: EndReason): void {
    for (const listener of this.#listeners) listener(reason);
  }
}
