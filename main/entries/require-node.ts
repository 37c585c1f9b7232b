// Imported first by the library's Node entries: an older Node fails here, with one line.
import { nodeTooOld } from '../node-floor.ts';

const refusal = nodeTooOld();
if (refusal !== undefined) throw new Error(refusal);
