// Refresh tokens of accounts signed in with "remember me", sealed by the OS key store. Only main
// reads this file; it is rewritten after every rotation, since a stale token would count as reuse.
import type { OsCrypto } from './os-crypto.ts';
import { readSealedJson, writeSealedJson } from './sealed-file.ts';

export interface RememberedAccount {
  userId: number;
  refreshToken: string;
  /** The account that was active when main last saved. */
  active?: boolean;
}

export interface RememberedStore {
  load(): RememberedAccount[];
  save(accounts: RememberedAccount[]): void;
}

const VERSION = 1;

export function fileRememberedStore(path: string, os: OsCrypto): RememberedStore {
  return {
    load() {
      const data = readSealedJson(path, os) as { v?: number; accounts?: RememberedAccount[] } | null | undefined;
      if (data?.v !== VERSION || !Array.isArray(data.accounts)) return [];
      return data.accounts.filter(
        (account) => Number.isSafeInteger(account.userId) && typeof account.refreshToken === 'string',
      );
    },
    save(accounts) {
      writeSealedJson(path, os, accounts.length === 0 ? undefined : { v: VERSION, accounts });
    },
  };
}

/** For when remember-me is unavailable or in tests: nothing outlives the process. */
export function memoryRememberedStore(): RememberedStore & { readonly saved: RememberedAccount[] } {
  let saved: RememberedAccount[] = [];
  return {
    get saved() {
      return saved;
    },
    load: () => saved,
    save: (accounts) => {
      saved = accounts.map((account) => ({ ...account }));
    },
  };
}
