// The side-by-side scenarios (docs/benchmarks.md), their operation counts per concurrency, and what each
// one's floor is made of.

export const SCENARIOS = ['signup', 'signin', 'read', 'email_code', 'refresh', 'signin_totp'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const LABELS: Record<Scenario, string> = {
  signup: 'sign-up',
  signin: 'password sign-in',
  read: 'authenticated read',
  email_code: 'email code request + verify',
  refresh: 'refresh (Latchkey only)',
  signin_totp: 'password + TOTP sign-in',
};

/** Scenarios whose cost is one password hash per operation (reported raw and hash-normalized). */
export const PASSWORD_SCENARIOS: readonly Scenario[] = ['signup', 'signin', 'signin_totp'];

/** The floor of one operation: password hashes plus HTTP requests that each do one SQLite read. */
export const FLOOR_PARTS: Record<Scenario, { hashes: number; requests: number }> = {
  signup: { hashes: 1, requests: 1 },
  signin: { hashes: 1, requests: 1 },
  read: { hashes: 0, requests: 1 },
  email_code: { hashes: 0, requests: 2 },
  refresh: { hashes: 0, requests: 1 },
  signin_totp: { hashes: 1, requests: 2 },
};

/** See Counts.warmServerMs: about 300 sign-ins on Latchkey's side (docs/benchmarks.md#method). */
export const WARM_SERVER_MS = 5000;

export interface Counts {
  signup: number;
  signin: number;
  read: number;
  emailCode: number;
  /** Users for the email-code flow where a user may repeat (the peer). */
  emailUsers: number;
  refresh: number;
  signinTotp: number;
  /** Users for TOTP sign-ins where a user may repeat (the peer). */
  totpUsers: number;
  warmHash: number;
  warmFast: number;
  /**
   * Untimed sign-ups and sign-ins at the lifetime's concurrency before its first scenario, in ms
   * (0: none), so that V8 has compiled the server's sign-in path as in a server that has been up a
   * while. Only at c16: its ~50 timed sign-ins would otherwise run while the path is still being
   * compiled, and c1's few dozen would not warm it anyway.
   */
  warmServerMs: number;
  /**
   * Alternated slices of `signin` sign-ins and as many floor hashes, for the c16 sign-in target
   * (Latchkey's side only; 0: none). See side-by-side/paired-floor.ts.
   */
  pairedSlices: number;
  /** Hot-path reads while 4 clients sign up and sign in: a time window and a count cap. */
  mixedWindowMs: number;
  mixedReads: number;
}

export function counts(concurrency: number, scale: number): Counts {
  const c1 = concurrency === 1;
  const s = (n: number): number => Math.max(concurrency, Math.round(n * scale));
  return {
    signup: s(c1 ? 12 : 48),
    signin: s(c1 ? 16 : 48),
    read: s(c1 ? 500 : 1500),
    emailCode: s(c1 ? 80 : 200),
    emailUsers: Math.max(2 * concurrency, Math.round((c1 ? 8 : 48) * scale)),
    refresh: s(c1 ? 500 : 1500),
    signinTotp: s(c1 ? 8 : 32),
    totpUsers: Math.max(concurrency, Math.round((c1 ? 4 : 16) * scale)),
    warmHash: Math.min(concurrency, 4),
    warmFast: c1 ? 100 : 200,
    warmServerMs: c1 ? 0 : Math.round(WARM_SERVER_MS * scale),
    pairedSlices: c1 ? 0 : Math.max(2, Math.round(6 * scale)),
    mixedWindowMs: Math.max(1000, Math.round(3000 * scale)),
    mixedReads: 3000,
  };
}
