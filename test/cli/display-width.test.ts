// Tables count terminal columns: CJK and fullwidth characters take two, combining marks none.
import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth } from '../../main/cli/display-width.ts';
import { table } from '../../main/cli/output.ts';

describe('displayWidth', () => {
  it('counts wide characters twice and zero-width ones not at all', () => {
    expect(displayWidth('Ada')).toBe(3);
    expect(displayWidth('王小明')).toBe(6);
    expect(displayWidth('김민준')).toBe(6);
    expect(displayWidth('やまだ')).toBe(6);
    expect(displayWidth('ＡＢ')).toBe(4); // fullwidth Latin
    expect(displayWidth('e\u0301')).toBe(1); // e + combining acute
    expect(displayWidth('𠀀')).toBe(2); // CJK extension B, outside the BMP
    expect(padToWidth('王', 4)).toBe('王  ');
  });

  it('lines table columns up by display width', () => {
    const rows = [
      { name: '王小明', role: 'admin' },
      { name: 'Ada', role: 'user' },
    ];
    const lines = table(rows, [
      ['NAME', (r) => r.name],
      ['ROLE', (r) => r.role],
    ]).split('\n');
    expect(lines).toEqual(['NAME    ROLE', '------  -----', '王小明  admin', 'Ada     user']);
  });
});
