// Main keeps every bearer credential; the renderer gets sign-in results without them (docs/security.md
// R54). Applied to every payload main sends, whatever procedure produced it.
import { MAIN_HELD_TOKEN_FIELDS } from '../../shared/bridge.ts';
import type { AuthResult } from '../../shared/types.ts';

const held = new Set<string>(MAIN_HELD_TOKEN_FIELDS);

/** A copy of `value` with every main-held token field removed, at any depth. */
export function withoutHeldTokens<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (held.has(key) && typeof field === 'string') continue;
    out[key] = strip(field);
  }
  return out;
}

/** A completed sign-in (tokens issued), as opposed to a second-factor challenge or other data. */
export function isAuthResult(value: unknown): value is AuthResult {
  const candidate = value as Partial<AuthResult> | null | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.requires2fa === false &&
    typeof candidate.tokens?.refreshToken === 'string' &&
    typeof candidate.tokens.accessToken === 'string' &&
    typeof candidate.user?.id === 'number'
  );
}
