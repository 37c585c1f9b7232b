import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../main/server/logger.ts';

describe('log lines', () => {
  it('escape control characters and quotes so a value cannot forge a line (R70)', () => {
    const line = formatLogLine('info', 'login', { email: 'bob\nlevel=INFO msg="admin login ok"', ok: false });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('level=info msg="login" email="bob\\u000alevel=INFO msg=\\u0022admin login ok\\u0022" ok=false');
  });
});
