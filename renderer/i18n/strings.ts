// Every piece of copy the screens show, in English and Chinese, gathered from one file per area
// (strings/). Each area types its Chinese table by its English keys, so a missing translation fails
// the typecheck. Server error messages are not here: they come from shared/errors.ts by code.
import { accountStrings } from './strings/account.ts';
import { appStrings } from './strings/app.ts';
import { commonStrings } from './strings/common.ts';
import { devicesStrings } from './strings/devices.ts';
import { emailChangeStrings } from './strings/email-change.ts';
import { deviceSignInStrings } from './strings/device-sign-in.ts';
import { magicLinkStrings } from './strings/magic-link.ts';
import { signInStrings } from './strings/sign-in.ts';
import { passkeyStrings } from './strings/passkeys.ts';

/** Every area; a key belongs to exactly one (test/renderer/strings.test.ts checks). */
export const STRING_AREAS = [
  appStrings,
  commonStrings,
  signInStrings,
  accountStrings,
  devicesStrings,
  emailChangeStrings,
  deviceSignInStrings,
  magicLinkStrings,
  passkeyStrings,
] as const;

const en = {
  ...appStrings.en,
  ...commonStrings.en,
  ...signInStrings.en,
  ...accountStrings.en,
  ...devicesStrings.en,
  ...emailChangeStrings.en,
  ...deviceSignInStrings.en,
  ...magicLinkStrings.en,
  ...passkeyStrings.en,
};

export type StringKey = keyof typeof en;

const zh: Record<StringKey, string> = {
  ...appStrings.zh,
  ...commonStrings.zh,
  ...signInStrings.zh,
  ...accountStrings.zh,
  ...devicesStrings.zh,
  ...emailChangeStrings.zh,
  ...deviceSignInStrings.zh,
  ...magicLinkStrings.zh,
  ...passkeyStrings.zh,
};

export const STRINGS: Record<'en' | 'zh', Record<StringKey, string>> = { en, zh };
