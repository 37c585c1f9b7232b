// Imported first by the CLI: on an older Node it prints one line and exits, before the rest loads.
import { nodeTooOld } from '../node-floor.ts';

const refusal = nodeTooOld();
if (refusal !== undefined) {
  console.error(refusal);
  process.exit(1);
}
