import { describe, expect, it } from 'vitest';
import { formatLogLine, streamLogger } from '../../main/server/logger.ts';

describe('log lines', () => {
  it('escape control characters and quotes so a value cannot forge a line (R70)', () => {
    const line = formatLogLine('info', 'login', { email: 'bob\nlevel=INFO msg="admin login ok"', ok: false });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('level=info msg="login" email="bob\\u000alevel=INFO msg=\\u0022admin login ok\\u0022" ok=false');
  });

  it('log a username with a line break as one escaped line, whatever the break', () => {
    const lines: string[] = [];
    const logger = streamLogger((line) => lines.push(line));
    const forged = 'level=INFO msg="admin login ok"';
    for (const brk of ['\n', '\r\n', '\r', '\u0085', '\u2028', '\u2029', '\u001b[2K'])
      logger.log('warn', 'sign-in refused', { username: `bob${brk}${forged}` });
    expect(lines).toHaveLength(7);
    for (const line of lines) {
      expect(line).toMatch(
        /^level=warn msg="sign-in refused" username="bob(\\u[0-9a-f]{4})+\[?2?K?level=INFO msg=\\u0022admin login ok\\u0022"$/,
      );
      // eslint-disable-next-line no-control-regex
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    }
    expect(lines[1]).toBe(
      'level=warn msg="sign-in refused" username="bob\\u000d\\u000alevel=INFO msg=\\u0022admin login ok\\u0022"',
    );
  });
});
