// The reference app's preload (bundled to out/preload/index.cjs): the bridge and nothing else.
import { exposeLatchkey } from './expose.ts';

exposeLatchkey();
