// Refresh tokens of accounts signed in with "remember me", sealed by the OS key store. Only main
// reads this file; it is rewritten after every rotation, since a stale token would count as reuse.
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { OsCrypto } from './os-crypto.ts';

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
      if (!existsSync(path)) return [];
      try {
        // A reseal request needs no action here: restoring rotates every token and saves anew.
        const { plaintext } = await os.decrypt(await readFile(path));
        const data = JSON.parse(plaintext) as { v?: number; accounts?: RememberedAccount[] };
        if (data.v !== VERSION || !Array.isArray(data.accounts)) return [];
        return data.accounts.filter(
          (account) => Number.isSafeInteger(account.userId) && typeof account.refreshToken === 'string',
        );
      } catch {
        // Sealed under another OS user or a reset keyring: nothing can be restored from it.
        return [];
      }
    },
    async save(accounts) {
      if (accounts.length === 0) {
        await rm(path, { force: true });
        return;
      }
      const sealed = await os.encrypt(JSON.stringify({ v: VERSION, accounts }));
      const temporary = `${path}.tmp`;
      await writeFile(temporary, sealed, { mode: 0o600 });
      await rename(temporary, path);
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
    load: async () => saved.map((account) => ({ ...account })),
    save: async (accounts) => {
      saved = accounts.map((account) => ({ ...account }));
    },
  };
}
