// Where the client keeps what outlives one call: the refresh token (the long-lived secret), the
// access token with its expiry, the device id and the device's trust token. Pluggable so an app can
// choose its platform's secure store (Keychain, Keystore, an encrypted file); memory by default,
// which forgets everything when the process ends.

export interface LatchkeyStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** The keys the client reads and writes (each prefixed with `latchkey.`). */
export const STORAGE_KEYS = {
  refreshToken: 'latchkey.refreshToken',
  accessToken: 'latchkey.accessToken',
  /** When this device stops using the access token (a little before the server's `expiresIn` ends), in epoch ms. */
  accessTokenExpiresAt: 'latchkey.accessTokenExpiresAt',
  deviceId: 'latchkey.deviceId',
  deviceTrustToken: 'latchkey.deviceTrustToken',
} as const;

export type StoredField = keyof typeof STORAGE_KEYS;
export type StoredState = { [K in StoredField]?: string | undefined };

export function memoryStorage(): LatchkeyStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

export async function readState(storage: LatchkeyStorage): Promise<StoredState> {
  const fields = Object.keys(STORAGE_KEYS) as StoredField[];
  const values = await Promise.all(fields.map((field) => storage.get(STORAGE_KEYS[field])));
  const state: StoredState = {};
  fields.forEach((field, i) => {
    const value = values[i];
    if (typeof value === 'string' && value !== '') state[field] = value;
  });
  return state;
}

/** Writes the given fields; `undefined` deletes one. */
export async function writeState(storage: LatchkeyStorage, changes: StoredState): Promise<void> {
  await Promise.all(
    (Object.keys(changes) as StoredField[]).map((field) => {
      const value = changes[field];
      return value === undefined ? storage.delete(STORAGE_KEYS[field]) : storage.set(STORAGE_KEYS[field], value);
    }),
  );
}
