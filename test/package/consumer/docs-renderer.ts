// The renderer sample of README.md and docs/getting-started-electron.md, as written there: it must
// compile in a user's project, `window.latchkey` declared with the type the package exports.
import { configureLatchkey, bridgeTransport, type LatchkeyBridge } from 'latchkey/elements';
import type { LatchkeyBridge as PreloadBridge } from 'latchkey/preload';
declare global {
  interface Window {
    latchkey: LatchkeyBridge; // set by the preload's exposeLatchkey()
  }
}
configureLatchkey(bridgeTransport(window.latchkey));

document.querySelector('latchkey-sign-in')!.addEventListener('latchkey-signed-in', (e) => {
  // e.detail: the signed-in user, device and session; over the bridge, never a token
  void e;
});

// Both entries name the same type.
const same: PreloadBridge = window.latchkey;
void same;
