// How the CLI answers: aligned tables for people, JSON for scripts, one clear line per error.
import { ZodError, prettifyError } from 'zod';
import { toApiError } from '../server/api/trpc.ts';
import { AuthError } from '../server/errors.ts';
import { displayWidth, padToWidth } from './display-width.ts';

export type Column<T> = [header: string, value: (row: T) => unknown];

export function table<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map(([, value]) => cell(value(row))));
  const headers = columns.map(([header]) => header);
  // Columns, not UTF-16 units: a CJK character takes two.
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((line) => displayWidth(line[i]!))));
  const format = (line: string[]) =>
    line
      .map((text, i) => padToWidth(text, widths[i]!))
      .join('  ')
      .trimEnd();
  return [format(headers), format(widths.map((w) => '-'.repeat(w))), ...cells.map(format)].join('\n');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(' ');
  // Control characters would let a stored value rewrite the terminal.
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u001f\u007f]/g, '?');
}

export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Prints data as JSON (--json) or through the human formatter. */
export function print(output: Output, data: unknown, human: () => string): void {
  output.out(output.json ? JSON.stringify(data, null, 2) : human());
}

/** One line that says what went wrong, then each field's message; the API's error object when --json. */
export function printError(output: Output, error: unknown): void {
  if (error instanceof AuthError) {
    const apiError = toApiError(error);
    if (output.json) output.out(JSON.stringify({ success: false, error: apiError }));
    else {
      const fields = Object.entries(apiError.details ?? {}).map(([field, message]) => `  ${field}: ${message}`);
      output.err([`latchkey: ${apiError.code}: ${apiError.message}`, ...fields].join('\n'));
    }
    return;
  }
  const message =
    error instanceof ZodError ? `invalid configuration:\n${prettifyError(error)}` : (error as Error).message;
  if (output.json) output.out(JSON.stringify({ success: false, error: { code: 'CLI_ERROR', message } }));
  else output.err(`latchkey: error: ${message}`);
}
