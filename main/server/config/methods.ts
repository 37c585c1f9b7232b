// Which sign-in methods are offered (the `methods` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const methodsConfigSchema = z.strictObject({
  passkey: z
    .boolean()
    .default(true)
    .describe(
      'Offer passkeys (needs `passkeys.rpId` and `passkeys.origins`); false: `auth.methods` says `passkey: false` and every passkey procedure answers PASSKEY_NOT_CONFIGURED.',
    ),
});
