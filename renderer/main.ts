// The browser (and Electron) entry: boot picks the transport, then the app element starts.
import './boot.ts';
// elements.ts defines every element, <latchkey-app> among them.
import './elements.ts';
