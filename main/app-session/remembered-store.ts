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

/** Saves may overlap; the app session waits for one before starting the next. */
export interface RememberedStore {
  load(): Promise<RememberedAccount[]>;
  save(accounts: RememberedAccount[]): Promise<void>;
}

const VERSION = 1;

export function fileRememberedStore(path: string, os: OsCrypto): RememberedStore {
  return {
    async load() {
      // Restoring rotates every token and saves anew, so a reseal request needs nothing more.
      const data = (await readSealedJson(path, os)) as { v?: number; accounts?: unknown } | null | undefined;
      if (data?.v !== VERSION || !Array.isArray(data.accounts)) return [];
      return (data.accounts as Array<Partial<RememberedAccount> | null>).filter(
        (account): account is RememberedAccount =>
          Number.isSafeInteger(account?.userId) && typeof account?.refreshToken === 'string',
      );
    },
    save: (accounts) => writeSealedJson(path, os, accounts.length === 0 ? undefined : { v: VERSION, accounts }),
  };
}

/** For when remember-me is unavailable or in tests: nothing outlives the process. */
export function memoryRememberedStore(): RememberedStore & { readonly saved: RememberedAccount[] } {
  let saved: RememberedAccount[] = [];
  return {
    get saved() {
      return saved;
    },
    load: async () => saved.map((account) => ({ ...account })),
    save: async (accounts) => {
      saved = accounts.map((account) => ({ ...account }));
    },
  };
}
