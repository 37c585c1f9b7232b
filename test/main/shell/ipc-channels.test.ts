// docs/security.md R53's meta-test: main listens on exactly one IPC channel, and only through the
// adapter that validates every sender; the preload uses only that channel, and never invoke/sendSync.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, dir, file));
}

describe('IPC channels', () => {
  it('main registers one listener, on the bridge channel, handing every message to the validating adapter', () => {
    const registrations = sources('main').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/ipcMain\.(\w+)\(([^)]*)\)/g)].map((m) => ({
        file: relative(root, file),
        call: `${m[1]}(${m[2]})`,
      })),
    );
    expect(registrations).toEqual([
      { file: 'main/electron/install.ts', call: 'on(BRIDGE_CHANNEL, onMessage)' },
      { file: 'main/electron/install.ts', call: 'removeListener(BRIDGE_CHANNEL, onMessage)' },
    ]);
    const install = readFileSync(join(root, 'main/electron/install.ts'), 'utf8');
    expect(install).toMatch(
      /const onMessage = \(event: IpcMainEvent, raw: unknown\) => void ipc\.handleMessage\(event, raw\);/,
    );
    expect(sources('main').join('\n')).not.toMatch(/webContents\.ipc|\.ipc\.handle/);
  });

  it('the preload talks on the bridge channel only', () => {
    const preload = sources('preload')
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const calls = [...preload.matchAll(/ipcRenderer\.(\w+)\((\w+)/g)].map((m) => `${m[1]}(${m[2]})`);
    expect(calls).toEqual(['send(BRIDGE_CHANNEL)', 'on(BRIDGE_CHANNEL)', 'removeListener(BRIDGE_CHANNEL)']);
  });
});
