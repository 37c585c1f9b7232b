// The first sample of docs/elements.md, as written there: a page for Electron and browsers alike.
import { configureLatchkey, httpTransport, bridgeTransport, type LatchkeyBridge } from 'latchkey/elements';
// In Electron the preload's exposeLatchkey() sets window.latchkey; a browser has none.
const bridge = (globalThis as { latchkey?: LatchkeyBridge }).latchkey;
configureLatchkey(bridge ? bridgeTransport(bridge) : httpTransport('https://auth.example'));
