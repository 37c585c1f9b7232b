// The device trust tokens this machine holds: one per account that trusted it at the second factor
// (AuthResult `tokens.deviceTrustToken`). Like refresh tokens they stay in main; main presents the
// signing-in account's one on its behalf. Sealed by the OS key store where there is one; elsewhere
// they live in memory only, and the second factor is asked again after a restart.
import type { OsCrypto } from './os-crypto.ts';
import { readSealedJson, writeSealedJson } from './sealed-file.ts';

/** Saves may overlap; the app session waits for one before starting the next. */
export interface DeviceTrustStore {
  /** Trust tokens by user id. */
  load(): Promise<Map<number, string>>;
  save(tokens: ReadonlyMap<number, string>): Promise<void>;
}

const VERSION = 1;

export function fileDeviceTrustStore(path: string, os: OsCrypto): DeviceTrustStore {
  return {
    async load() {
      const data = (await readSealedJson(path, os)) as { v?: number; devices?: unknown } | null | undefined;
      if (data?.v !== VERSION || !Array.isArray(data.devices)) return new Map();
      const entries = (data.devices as Array<{ userId?: unknown; token?: unknown } | null>).filter(
        (entry): entry is { userId: number; token: string } =>
          Number.isSafeInteger(entry?.userId) && typeof entry?.token === 'string',
      );
      return new Map(entries.map(({ userId, token }) => [userId, token]));
    },
    save(tokens) {
      const devices = [...tokens].map(([userId, token]) => ({ userId, token }));
      return writeSealedJson(path, os, devices.length === 0 ? undefined : { v: VERSION, devices });
    },
  };
}

/** Where the OS has no key store, and in tests: nothing outlives the process. */
export function memoryDeviceTrustStore(): DeviceTrustStore {
  let saved = new Map<number, string>();
  return {
    load: async () => new Map(saved),
    save: async (tokens) => {
      saved = new Map(tokens);
    },
  };
}
