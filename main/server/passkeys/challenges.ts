// Passkey challenges: 32 random bytes each, handed out as base64url, stored only as the SHA-256 of
// that text, short-lived (`passkeys.challengeTtlSeconds` on the server's clock) and good once:
// taking one deletes it, whatever the answer turns out to be. Each names what it is bound to.
import type { Db } from '../db/open.ts';
import { pooledRandomBytes, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

export type ChallengePurpose = 'register' | 'sign_in' | 'second_factor';

export interface PasskeyChallengeRow {
  challenge_hash: Buffer;
  purpose: ChallengePurpose;
  /** Registration: the user; sign-in with an email: that account (null when unknown or discoverable). */
  user_id: number | null;
  /** 1 when asked for with an email: only `user_id`'s passkeys answer it, none when it is null. */
  for_named_account: 0 | 1;
  /** Registration: the session that asked. */
  session_id: string | null;
  /** Second factor: SHA-256 of the second-factor challenge token it answers. */
  second_factor_hash: Buffer | null;
  user_verification: 'required' | 'preferred' | 'discouraged';
  created_at: number;
  expires_at: number;
}

export interface ChallengeBinding {
  purpose: ChallengePurpose;
  userId?: number | undefined;
  /** Asked for with an email: bound to that address's account, whether or not it exists. */
  forNamedAccount?: boolean | undefined;
  sessionId?: string | undefined;
  secondFactorToken?: string | undefined;
  userVerification: PasskeyChallengeRow['user_verification'];
}

/** A new challenge (base64url) bound as asked; the row holds only its hash. */
export function issuePasskeyChallenge(db: Db, binding: ChallengeBinding, now: number, ttlSeconds: number): string {
  const challenge = pooledRandomBytes(32).toString('base64url');
  db.transaction(() => {
    stmt(db, 'DELETE FROM passkey_challenges WHERE expires_at <= ?').run(now);
    stmt(
      db,
      `INSERT INTO passkey_challenges
         (challenge_hash, purpose, user_id, for_named_account, session_id, second_factor_hash, user_verification,
          created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      sha256(challenge),
      binding.purpose,
      binding.userId ?? null,
      binding.forNamedAccount ? 1 : 0,
      binding.sessionId ?? null,
      binding.secondFactorToken === undefined ? null : sha256(binding.secondFactorToken),
      binding.userVerification,
      now,
      now + ttlSeconds * 1000,
    );
  }).immediate();
  return challenge;
}

/** Takes the challenge out (it is good once): the row, or undefined if unknown or already taken. */
export function takePasskeyChallenge(db: Db, challenge: string): PasskeyChallengeRow | undefined {
  return stmt(db, 'DELETE FROM passkey_challenges WHERE challenge_hash = ? RETURNING *').get(sha256(challenge)) as
    PasskeyChallengeRow | undefined;
}
