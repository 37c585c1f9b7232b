import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS, errorMessage, pickLocale } from '../../shared/errors.ts';

describe('error codes', () => {
  it('every code has an HTTP status and a message in English and Chinese', () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400);
      expect(errorMessage(code, 'en')).toMatch(/\w/);
      expect(errorMessage(code, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the statuses of the contract (docs/rest-api.md)', () => {
    expect(
      Object.fromEntries(
        [
          'VALIDATION_ERROR',
          'INVALID_CREDENTIALS',
          'REFRESH_TOKEN_REUSED',
          'REAUTH_REQUIRED',
          'CONFLICT',
          'RATE_LIMITED',
          'CODE_INVALID',
          'TOO_MANY_ATTEMPTS',
          'EMAIL_NOT_CONFIGURED',
          'INTERNAL',
        ].map((code) => [code, ERRORS[code as keyof typeof ERRORS].status]),
      ),
    ).toEqual({
      VALIDATION_ERROR: 422,
      INVALID_CREDENTIALS: 401,
      REFRESH_TOKEN_REUSED: 401,
      REAUTH_REQUIRED: 403,
      CONFLICT: 409,
      RATE_LIMITED: 429,
      CODE_INVALID: 400,
      TOO_MANY_ATTEMPTS: 429,
      EMAIL_NOT_CONFIGURED: 503,
      INTERNAL: 500,
    });
  });

  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, zh;q=0.5', 'zh'],
    ['de', 'en'],
    ['en;q=0.1, zh-TW;q=0.9', 'zh'],
    ['', 'en'],
  ])('picks a locale from Accept-Language %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });
});
