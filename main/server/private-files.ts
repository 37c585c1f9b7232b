// Files only this OS user may read (docs/security.md R71): the database and its -wal/-shm, the
// key file, backups. Files are 0600 and folders Latchkey creates 0700. A file found readable by
// others is tightened, or the start stops with one line saying what to run. On Windows modes do
// not apply: the user profile's ACLs protect these files, so nothing is changed there.
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

const posix = process.platform !== 'win32';

/** A file's permissions went beyond its owner and could not be taken back. */
export class FilePermissionError extends Error {
  override name = 'FilePermissionError';
  readonly code = 'FILE_PERMISSIONS';
}

/** Tightens an existing file to 0600 if group or others have any access; a missing file is left alone. */
export function tightenFile(path: string): void {
  if (!posix || !existsSync(path)) return;
  if ((statSync(path).mode & 0o077) === 0) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    const reason = (error as { code?: unknown }).code ?? 'error';
    throw new FilePermissionError(
      `${path} is readable by other users and could not be made private (${String(reason)}); run: chmod 600 "${path}"`,
      { cause: error },
    );
  }
}

/**
 * Creates `path` empty with mode 0600 if it does not exist, else tightens it. SQLite gives the -wal,
 * -shm and journal files the mode of the database file, so a 0600 database keeps them 0600 too.
 */
export function privateFile(path: string): void {
  if (posix && !existsSync(path)) {
    try {
      closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
    } catch (error) {
      // EEXIST: created meanwhile (tightened below); ENOENT: no folder, which the caller reports.
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') return;
      if (code !== 'EEXIST') throw error;
      // EEXIST for a path existsSync calls missing: a symbolic link to nowhere. SQLite would create
      // its target with its own default mode (0644), wherever it points (docs/security.md R71).
      if (!existsSync(path) && lstatSync(path).isSymbolicLink()) {
        throw new FilePermissionError(
          `${path} is a symbolic link to a missing file, which would be created readable by others; remove it: rm "${path}"`,
        );
      }
    }
  }
  tightenFile(path);
}

/** Creates the folder (and missing parents) 0700; a folder that exists already is left as it is. */
export function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}
