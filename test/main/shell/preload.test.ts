// The preload (docs/security.md R54): one object on window with only the message port and app info,
// listeners that can be removed, and a refusal to run without context isolation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNEL, type LatchkeyBridge } from '../../../shared/bridge.ts';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const sent: unknown[][] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    send: (...args: unknown[]) => sent.push(args),
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      listeners.get(channel)?.delete(listener),
  },
}));

const isolated = Object.getOwnPropertyDescriptor(process, 'contextIsolated');
function setIsolated(value: boolean) {
  Object.defineProperty(process, 'contextIsolated', { value, configurable: true });
}

beforeEach(() => {
  vi.resetModules();
  exposed.clear();
  listeners.clear();
  sent.length = 0;
});
afterEach(() => {
  if (isolated) Object.defineProperty(process, 'contextIsolated', isolated);
  else delete (process as { contextIsolated?: boolean }).contextIsolated;
});

describe('preload', () => {
  it('refuses to run without context isolation', async () => {
    setIsolated(false);
    await expect(import('../../../preload/index.ts')).rejects.toThrow(/contextIsolation/);
    expect(exposed.size).toBe(0);
  });

  it('exposes exactly one object with the message port and app info', async () => {
    setIsolated(true);
    await import('../../../preload/index.ts');
    expect([...exposed.keys()]).toEqual(['latchkey']);
    const bridge = exposed.get('latchkey') as LatchkeyBridge & Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['appInfo', 'onMessage', 'sendMessage']);
    expect(bridge.invoke).toBeUndefined();
    expect(bridge.ipcRenderer).toBeUndefined();
    expect(Object.isFrozen(bridge.appInfo)).toBe(true);

    bridge.sendMessage({ id: 1, method: 'query', params: { path: 'account.me' } });
    expect(sent).toEqual([[BRIDGE_CHANNEL, { id: 1, method: 'query', params: { path: 'account.me' } }]]);

    const received: unknown[] = [];
    const stop = bridge.onMessage((message) => received.push(message));
    const event = { sender: 'the IPC event stays in the preload' };
    for (const listener of listeners.get(BRIDGE_CHANNEL)!)
      listener(event, { id: 1, result: { type: 'data', data: 1 } });
    expect(received).toEqual([{ id: 1, result: { type: 'data', data: 1 } }]);
    stop();
    expect(listeners.get(BRIDGE_CHANNEL)!.size).toBe(0);
  });

  it('stays well under 60 lines', async () => {
    const { readFileSync } = await import('node:fs');
    // The whole preload: the reference app's entry and exposeLatchkey (latchkey/preload) it calls.
    const lines = ['index.ts', 'expose.ts']
      .map((file) => readFileSync(new URL(`../../../preload/${file}`, import.meta.url), 'utf8').trimEnd())
      .join('\n')
      .split('\n');
    expect(lines.length).toBeLessThan(45);
    expect(lines.join('\n')).not.toMatch(/ipcRenderer\.(invoke|sendSync)|exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
