// The browser (and Electron) entry: boot picks the transport, then the app element starts.
import './boot.ts';
import './app.ts';
