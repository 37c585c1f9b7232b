// Which new passwords we accept (docs/security.md R1–R3): length counted in code points
// after NFKC, no composition rules, and no password an attacker would try early — common ones
// (zxcvbn's bundled list and patterns) or ones built from the user's own email, name or the app.
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type { FieldReason } from '../../../shared/validation-messages.ts';
import { lazyRequire } from '../lazy-require.ts';

// The estimator and its dictionaries are the biggest thing the server loads: only on first use.
const zxcvbnCore = lazyRequire<typeof ZxcvbnCore>('@zxcvbn-ts/core');
const zxcvbnCommon = lazyRequire<typeof ZxcvbnCommon>('@zxcvbn-ts/language-common');

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export interface PasswordContext {
  email?: string;
  name?: string;
  appName?: string;
}

export type PolicyVerdict =
  { ok: true } | { ok: false; reason: Extract<FieldReason, `password_${string}`>; params?: Record<string, number> };

/** zxcvbn score 2 means at least 10^6 guesses: below that a password is on every attacker's list. */
const MIN_SCORE = 2;

let estimator: ZxcvbnCore.ZxcvbnFactory | undefined;
function strength(password: string): number {
  const common = zxcvbnCommon();
  estimator ??= new (zxcvbnCore().ZxcvbnFactory)({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator.check(password).score;
}

export function checkPassword(password: string, policy: PasswordPolicy, context: PasswordContext = {}): PolicyVerdict {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < policy.minLength) {
    return { ok: false, reason: 'password_too_short', params: { min: policy.minLength } };
  }
  if (length > policy.maxLength) {
    return { ok: false, reason: 'password_too_long', params: { max: policy.maxLength } };
  }
  if (strength(normalized) < MIN_SCORE) return { ok: false, reason: 'password_blocklisted' };
  const remainder = withoutContextWords(normalized.toLowerCase(), contextWords(context));
  if (remainder !== undefined && ([...remainder].length < policy.minLength || strength(remainder) < MIN_SCORE)) {
    return { ok: false, reason: 'password_contextual' };
  }
  return { ok: true };
}

/** The strength a screen can show while the user types: 0 (weak) to 4 (strong). */
export function passwordStrength(password: string): number {
  return strength(password.normalize('NFKC'));
}

function contextWords({ email, name, appName }: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (value: string | undefined) => {
    for (const word of (value ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length >= 3) words.add(word);
    }
  };
  add(email?.split('@')[0]);
  add(email?.split('@')[1]?.split('.')[0]);
  add(name);
  add(appName);
  add('latchkey');
  return [...words].sort((a, b) => b.length - a.length);
}

/** The password with every context word cut out, or undefined when it contains none. */
function withoutContextWords(password: string, words: string[]): string | undefined {
  let rest = password;
  for (const word of words) rest = rest.split(word).join('');
  return rest === password ? undefined : rest;
}
