// What the side-by-side suite needs from a server under test. Each function performs exactly the
// HTTP requests of its timed operation and checks the answer (throwing on anything unexpected);
// anything test-only (reading a captured code, enabling TOTP, seeding users) is a separate,
// untimed function.
import type { HttpClient } from '../http/client.ts';
import type { Launch } from '../http/server-process.ts';

export interface Cred {
  email: string;
  bearer: string;
  refreshToken?: string;
}

export interface NewUser {
  email: string;
  password: string;
  name: string;
}

export interface SideAdapter {
  readonly name: string;
  /** Why this side cannot run in this checkout, or undefined when it can. */
  unavailable(): string | undefined;
  launch(dbFile: string): Launch;
  /** The listening port, once the server's stdout shows it is ready. */
  readyPort(stdout: string): number | undefined;
  /** Cold start = spawn → first 2xx from this path. */
  readonly probePath: string;
  /** Files the server keeps beside its database (removed with it). */
  readonly dbSidecars: readonly string[];
  /** Installed versions worth recording. */
  versions(): Record<string, string | null>;

  signUp(h: HttpClient, user: NewUser): Promise<Cred>;
  signIn(h: HttpClient, user: { email: string; password: string }): Promise<Cred>;
  /** The authenticated read (the hot path). */
  read(h: HttpClient, cred: Cred): Promise<void>;
  /** Rotating refresh, when the server has one. */
  refresh?(h: HttpClient, cred: Cred): Promise<Cred>;

  /** Untimed: makes returning, verified users for the email-code flow. */
  seedEmailUsers(h: HttpClient, emails: readonly string[], dbFile: string): Promise<void>;
  /** True when a user may take only one code per run (a resend cooldown), so each flow needs its own. */
  readonly emailUserSingleUse: boolean;
  emailCodeRequest(h: HttpClient, email: string): Promise<void>;
  /** Untimed, test-only: the code the server captured for this email. */
  emailCodeFetch(h: HttpClient, email: string): Promise<string>;
  emailCodeVerify(h: HttpClient, email: string, code: string): Promise<Cred>;

  /** Untimed: enables TOTP for the signed-in user; returns the base32 secret. */
  totpEnable(h: HttpClient, cred: Cred, password: string): Promise<string>;
  /** True when each 30 s step is accepted once per user (replay protection), so each sign-in needs its own user. */
  readonly totpUserSingleUse: boolean;
  /** Password sign-in that stops at the second-factor challenge, then the TOTP answer. */
  signInWithTotp(h: HttpClient, user: { email: string; password: string }, secret: string): Promise<Cred>;
}
