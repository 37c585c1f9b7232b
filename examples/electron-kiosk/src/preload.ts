// Preload: exposes window.latchkey (a message port to main and the app's info) and nothing else.
// Sandboxed preloads cannot load packages, so build.ts bundles this file to out/preload.cjs.
import { exposeLatchkey } from 'latchkey/preload';

exposeLatchkey();
