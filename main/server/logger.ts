// A minimal structured logger. Fields are escaped so a crafted value cannot forge a log line
// (docs/security.md R70); callers never pass secrets, and the test suite scans the output to prove it.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { log: () => {} };

// C0 and C1 controls (CR, LF, ESC…), the Unicode line and paragraph separators some viewers break
// lines at, the quote and the backslash: each becomes \uXXXX, so one entry is always one line.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\"]/g;
const escape = (value: string): string =>
  value.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatLogLine(level: LogLevel, message: string, fields: LogFields = {}): string {
  const parts = [`level=${level}`, `msg="${escape(message)}"`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(typeof value === 'string' ? `${key}="${escape(value)}"` : `${key}=${String(value)}`);
  }
  return parts.join(' ');
}

/** Hands one escaped line per entry, without its newline, to `write` (by default: stderr, newline added). */
export function streamLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  return { log: (level, message, fields) => write(formatLogLine(level, message, fields)) };
}
