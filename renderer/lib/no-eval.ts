// The screens run under CSPs without 'unsafe-eval' (ours, and a host page's): zod must not even
// probe for eval, since the probe itself is reported as a violation. Imported before anything else.
import * as z from 'zod';

z.config({ jitless: true });
