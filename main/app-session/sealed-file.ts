// A small JSON file sealed by the OS key store, written atomically with 0600 permissions. Only
// main reads it; what it holds (refresh tokens, device trust tokens) never reaches the renderer.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { OsCrypto } from './os-crypto.ts';

/** The file's JSON, or undefined when it is missing or cannot be opened (another OS user, reset keyring). */
export function readSealedJson(path: string, os: OsCrypto): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(os.decrypt(readFileSync(path))) as unknown;
  } catch {
    return undefined;
  }
}

/** Replaces the file with `value` sealed; `undefined` removes it. */
export function writeSealedJson(path: string, os: OsCrypto, value: unknown): void {
  if (value === undefined) {
    rmSync(path, { force: true });
    return;
  }
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, os.encrypt(JSON.stringify(value)), { mode: 0o600 });
  renameSync(temporary, path);
}
