// Electron, loaded when Latchkey's Electron half is first used: a plain Node process that imports
// latchkey/electron (type checks, a test runner) loads nothing, and one that calls into it gets one
// line saying why it cannot work, not a stack through Electron's npm stub.
import type * as Electron from 'electron';

export const NOT_IN_ELECTRON =
  "latchkey/electron runs in an Electron app's main process (after app.whenReady()); " +
  'this process is not one, or the electron package is missing.';

export async function loadElectron(load: () => Promise<unknown> = () => import('electron')): Promise<typeof Electron> {
  let electron: Partial<typeof Electron> | string;
  try {
    electron = (await load()) as Partial<typeof Electron>;
  } catch {
    throw new Error(NOT_IN_ELECTRON);
  }
  // Under plain Node the electron package answers the path of its binary, not the API.
  if (typeof electron !== 'object' || typeof electron.app?.getPath !== 'function') throw new Error(NOT_IN_ELECTRON);
  return electron as typeof Electron;
}
