// Whether new accounts may be made (the `registration` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const registrationConfigSchema = z.strictObject({
  open: z
    .boolean()
    .default(true)
    .describe(
      'New accounts may be made: by `auth.register`, and by email codes when `email.autoRegister` is on. False: `auth.register` answers FORBIDDEN (`reason: registration_closed`) and codes go only to existing accounts.',
    ),
});
