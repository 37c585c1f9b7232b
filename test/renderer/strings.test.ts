// The screens' copy: every string exists in English and Chinese with the same {placeholders}, and
// every error code the API can return has a message in both (shared/errors.ts).
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS } from '../../shared/errors.ts';
import { errorText, setLocale } from '../../renderer/i18n/i18n.ts';
import { STRING_AREAS, STRINGS, type StringKey } from '../../renderer/i18n/strings.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('screen copy', () => {
  it('has every string in both languages with the same placeholders', () => {
    for (const key of Object.keys(STRINGS.en) as StringKey[]) {
      expect(STRINGS.zh[key], key).toBeTruthy();
      expect(placeholders(STRINGS.zh[key]), key).toEqual(placeholders(STRINGS.en[key]));
    }
  });

  it('keeps each key in exactly one area file, so no area overrides another', () => {
    const keys = STRING_AREAS.flatMap((area) => Object.keys(area.en));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.keys(STRINGS.en).length);
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

  it('keeps a number and its Chinese counter word on one line ("6 位", "{n} 个")', () => {
    for (const [key, text] of Object.entries(STRINGS.zh)) {
      expect(text, key).not.toMatch(/(\d|\{\w+\}) [位个后]/);
    }
    expect(STRINGS.zh['signIn.subtitle']).toContain('6\u00a0位验证码');
  });

  it('words a wrong recovery code as a recovery code, by the reason the server gives', () => {
    const wrongRecovery = { code: 'TOTP_INVALID', message: '', reason: 'recovery_code_invalid' } as const;
    expect(errorText(wrongRecovery)).toBe('This recovery code is incorrect or was already used.');
    expect(errorText({ code: 'TOTP_INVALID', message: '' })).toBe('The authenticator code is incorrect.');
    setLocale('zh');
    expect(errorText(wrongRecovery)).toBe('恢复码不正确或已使用过。');
    setLocale('en');
  });
});
