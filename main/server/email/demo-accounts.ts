// Public demo accounts with a fixed code (docs/testing.md, dev mode): for evaluation and API testing only. Anyone
// who reads the configuration can sign in as them, so the server refuses them outside dev mode
// unless explicitly forced, and every demo sign-in is audited.
import type { ServerConfig } from '../config.ts';
import { normalizeEmail } from '../accounts/users.ts';

/** Throws at start-up when demo accounts are configured where they are not allowed. */
export function assertDemoAccountsAllowed(config: ServerConfig): void {
  const { demoAccounts, allowDemoAccounts } = config.email;
  if (demoAccounts.length > 0 && !config.devMode && !allowDemoAccounts) {
    throw new Error(
      'email.demoAccounts accept a fixed, public code: they need devMode, or email.allowDemoAccounts to force them.',
    );
  }
}

/** The fixed code of a demo email, or undefined for every other email. */
export function demoCodeFor(config: ServerConfig, email: string): string | undefined {
  const wanted = normalizeEmail(email);
  return config.email.demoAccounts.find((account) => normalizeEmail(account.email) === wanted)?.code;
}
