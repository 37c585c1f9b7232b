// A small JSON file sealed by the OS key store, written atomically with 0600 permissions. Only
// main reads it; what it holds (refresh tokens, device trust tokens) never reaches the renderer.
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { OsCrypto } from './os-crypto.ts';

/** The file's JSON, or undefined when it is missing or cannot be opened (another OS user, reset keyring). */
export async function readSealedJson(path: string, os: OsCrypto): Promise<unknown> {
  if (!existsSync(path)) return undefined;
  try {
    // A reseal request needs no action here: every store rewrites its file at its next change.
    const { plaintext } = await os.decrypt(await readFile(path));
    return JSON.parse(plaintext) as unknown;
  } catch {
    return undefined;
  }
}

/** Replaces the file with `value` sealed; `undefined` removes it. */
export async function writeSealedJson(path: string, os: OsCrypto, value: unknown): Promise<void> {
  if (value === undefined) {
    await rm(path, { force: true });
    return;
  }
  const sealed = await os.encrypt(JSON.stringify(value));
  const temporary = `${path}.tmp`;
  // A mode applies only when a file is created: a temporary file left by a crash is removed first,
  // so the file renamed into place is always a new one, 0600.
  await rm(temporary, { force: true });
  await writeFile(temporary, sealed, { mode: 0o600, flag: 'wx' });
  await rename(temporary, path);
}
