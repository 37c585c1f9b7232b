// Request bodies: JSON only (415 otherwise, so a form or text/plain post cannot reach a procedure,
// docs/security.md R59) and never larger than the configured limit (413).
import type { IncomingMessage } from 'node:http';
import { fieldMessage } from '../../shared/validation-messages.ts';
import type { Locale } from '../../shared/errors.ts';
import { AuthError } from '../server/errors.ts';

export function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** Whether the request says it carries a body at all. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Rejects what the headers alone show is wrong: a body that is not JSON, or declared too large. */
export function checkBodyHeaders(req: IncomingMessage, maxBytes: number): void {
  if (!hasBody(req)) return;
  if (!isJsonContentType(req.headers['content-type'])) throw new AuthError('UNSUPPORTED_MEDIA_TYPE');
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > maxBytes) throw new AuthError('PAYLOAD_TOO_LARGE');
}

/** The body as text, read up to the limit (413 beyond). */
export async function readBodyText(req: IncomingMessage, maxBytes: number): Promise<string> {
  checkBodyHeaders(req, maxBytes);
  if (!hasBody(req)) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AuthError('PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The parsed JSON object, or undefined for an empty body. Arrays and scalars are not inputs. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
  locale: Locale,
): Promise<Record<string, unknown> | undefined> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AuthError('VALIDATION_ERROR', { details: { body: fieldMessage('invalid', locale) } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthError('VALIDATION_ERROR', { details: { body: fieldMessage('invalid', locale) } });
  }
  return value as Record<string, unknown>;
}
