// The kiosk's page: Latchkey's elements, talking to main over the preload bridge.
import { bridgeTransport, configureLatchkey, type LatchkeyBridge } from 'latchkey/elements';

declare global {
  interface Window {
    /** Set by the preload's exposeLatchkey(). */
    latchkey: LatchkeyBridge;
  }
}

// Configure before the elements first render: the same task as the import is enough.
configureLatchkey(bridgeTransport(window.latchkey));

interface SignedInDetail {
  user: { name: string; email: string };
}

const status = document.querySelector<HTMLElement>('#who')!;
document.addEventListener('latchkey-signed-in', (event) => {
  // Over the bridge the detail carries the user, device and session; never a token.
  const { user } = (event as CustomEvent<SignedInDetail>).detail;
  status.textContent = `Signed in as ${user.name || user.email}`;
});
