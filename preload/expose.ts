// The preload's one job, for the reference app and for host apps (`latchkey/preload`): put one
// object on `window` (`window.latchkey`): the tRPC message port and static app info, nothing else
// (docs/security.md R54). No raw ipcRenderer, no generic invoke; every listener comes with the
// function that removes it. Refuses to run without context isolation.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  appInfoFromArgv,
  BRIDGE_CHANNEL,
  type BridgeRequest,
  type BridgeResponse,
  type LatchkeyBridge,
} from '../shared/bridge.ts';

// The type of `window.latchkey`, for the page to declare (docs/getting-started-electron.md).
export type { LatchkeyBridge };

/** Call once from the window's preload script (sandboxed, context-isolated). */
export function exposeLatchkey(): void {
  if (!process.contextIsolated) {
    throw new Error('Latchkey refuses to run without contextIsolation: the page could reach the IPC port.');
  }
  const bridge: LatchkeyBridge = {
    sendMessage(message: BridgeRequest) {
      ipcRenderer.send(BRIDGE_CHANNEL, message);
    },
    onMessage(listener: (message: BridgeResponse) => void) {
      // Only the message crosses: the IPC event (and its sender) stays in the preload.
      const forward = (_event: IpcRendererEvent, message: BridgeResponse) => listener(message);
      ipcRenderer.on(BRIDGE_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(BRIDGE_CHANNEL, forward);
      };
    },
    appInfo: Object.freeze(appInfoFromArgv(process.argv)),
  };
  contextBridge.exposeInMainWorld('latchkey', bridge);
}
