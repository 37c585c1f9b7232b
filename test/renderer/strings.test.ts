// The screens' copy: every string exists in English and Chinese with the same {placeholders}, and
// every error code the API can return has a message in both (shared/errors.ts).
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS } from '../../shared/errors.ts';
import { STRINGS, type StringKey } from '../../renderer/i18n/strings.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('screen copy', () => {
  it('has every string in both languages with the same placeholders', () => {
    for (const key of Object.keys(STRINGS.en) as StringKey[]) {
      expect(STRINGS.zh[key], key).toBeTruthy();
      expect(placeholders(STRINGS.zh[key]), key).toEqual(placeholders(STRINGS.en[key]));
    }
  });

  it('translates what a person reads (only names and the typed confirmation word stay the same)', () => {
    const same = (Object.keys(STRINGS.en) as StringKey[]).filter((key) => STRINGS.en[key] === STRINGS.zh[key]);
    expect(same.sort()).toEqual([
      'account.deleteWord',
      'app.title',
      'platform.android',
      'platform.linux',
      'platform.macos',
      'platform.windows',
    ]);
  });

  it('has a message in both languages for every error code', () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].en, code).toBeTruthy();
      expect(ERRORS[code].zh, code).toBeTruthy();
      expect(ERRORS[code].zh, code).not.toBe(ERRORS[code].en);
    }
  });
});
