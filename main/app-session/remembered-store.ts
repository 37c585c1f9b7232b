// Refresh tokens of accounts signed in with "remember me", sealed by the OS key store. Only main
// reads this file; it is rewritten after every rotation, since a stale token would count as reuse.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { OsCrypto } from './os-crypto.ts';

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
      if (!existsSync(path)) return [];
      try {
        const data = JSON.parse(os.decrypt(readFileSync(path))) as { v?: number; accounts?: RememberedAccount[] };
        if (data.v !== VERSION || !Array.isArray(data.accounts)) return [];
        return data.accounts.filter(
          (account) => Number.isSafeInteger(account.userId) && typeof account.refreshToken === 'string',
        );
      } catch {
        // Sealed under another OS user or a reset keyring: nothing can be restored from it.
        return [];
      }
    },
    save(accounts) {
      if (accounts.length === 0) {
        rmSync(path, { force: true });
        return;
      }
      const sealed = os.encrypt(JSON.stringify({ v: VERSION, accounts }));
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, sealed, { mode: 0o600 });
      renameSync(temporary, path);
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
