// The reference Electron app's entry. Electron starts the app folder's index.js when package.json
// names no "main" (the package's "exports" serve apps that install Latchkey); `npm start` and
// `npm run dist` build out/main/index.mjs first.
import './out/main/index.mjs';
