// The accounts signed in on this device as the client keeps them between reloads: in the
// transport's storage (this tab's sessionStorage over HTTP; none over the bridge, where main keeps
// them). A list that cannot be read or written lives for this page only.
import type { PublicDevice, PublicSession, PublicUser, Tokens } from '../../shared/types.ts';

export interface SignedInAccount {
  user: PublicUser;
  device: PublicDevice;
  session: PublicSession;
  tokens?: Tokens | undefined;
}

export interface SavedAccounts {
  /** The account on screen; undefined when none is, or when the saved one is not in the list. */
  activeId: number | undefined;
  accounts: SignedInAccount[];
}

const ACCOUNTS_KEY = 'latchkey.accounts';

export function saveAccounts(storage: Storage | undefined, saved: SavedAccounts): void {
  if (!storage) return;
  try {
    storage.setItem(ACCOUNTS_KEY, JSON.stringify({ activeId: saved.activeId, accounts: saved.accounts }));
  } catch {
    // Storage full or blocked: the accounts live for this page only.
  }
}

export function loadAccounts(storage: Storage | undefined): SavedAccounts {
  try {
    const raw = storage?.getItem(ACCOUNTS_KEY);
    if (!raw) return { activeId: undefined, accounts: [] };
    const saved = JSON.parse(raw) as { activeId?: number; accounts?: SignedInAccount[] };
    const accounts = Array.isArray(saved.accounts) ? saved.accounts : [];
    const activeId = accounts.some((a) => a.user.id === saved.activeId) ? saved.activeId : undefined;
    return { activeId, accounts };
  } catch {
    return { activeId: undefined, accounts: [] };
  }
}
