// The API report check treats a reordered union of string literals as the same API (TypeScript
// prints such unions in the order it met the literals, which varies between builds).
import { describe, expect, it } from 'vitest';
import { sortLiteralUnions } from '../../scripts/literal-unions.ts';

describe('sortLiteralUnions', () => {
  it('sorts the members of every string-literal union, and nothing else', () => {
    expect(sortLiteralUnions('platform?: "web" | "ios" | "android" | undefined;')).toBe(
      'platform?: "android" | "ios" | "web" | undefined;',
    );
    expect(sortLiteralUnions('methods: ("totp" | "recovery_code" | "passkey")[];')).toBe(
      'methods: ("passkey" | "recovery_code" | "totp")[];',
    );
    expect(sortLiteralUnions('kind: "one"; value: string | number;')).toBe('kind: "one"; value: string | number;');
  });

  it('still tells two different unions apart', () => {
    expect(sortLiteralUnions('"web" | "ios"')).not.toBe(sortLiteralUnions('"web" | "ios" | "linux"'));
  });
});
