// The challenge a sign-in answers with when a second factor is due: a random token (stored only as
// its SHA-256), bound to the user and the device that passed the first factor, short-lived, and
// good for one completed sign-in. It remembers the first factor's amr for the session it opens,
// and the device facts sent with it, which reach the device row only when the challenge is answered.
import type { SecondFactorChallenge } from '../../../shared/types.ts';
import type { Db } from '../db/open.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { randomToken, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

export interface ChallengeRow {
  token_hash: Buffer;
  user_id: number;
  device_pk: number;
  amr: string;
  /** JSON of the DeviceSighting sent with the first factor, minus any trust token; null once used. */
  device_facts: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export function issueChallenge(
  db: Db,
  input: {
    userId: number;
    devicePk: number;
    sighting: DeviceSighting;
    amr: string[];
    now: number;
    ttlSeconds: number;
    /** The user has a passkey that can answer too (auth.passkeyOptions / verifyPasskey with the token). */
    passkey?: boolean | undefined;
  },
): SecondFactorChallenge {
  const token = randomToken(32);
  db.transaction(() => {
    // Housekeeping: spent and expired challenges are of no further use.
    stmt(db, 'DELETE FROM second_factor_challenges WHERE expires_at <= ? OR used_at IS NOT NULL').run(input.now);
    stmt(
      db,
      `INSERT INTO second_factor_challenges (token_hash, user_id, device_pk, amr, device_facts, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      sha256(token),
      input.userId,
      input.devicePk,
      JSON.stringify(input.amr),
      JSON.stringify(deviceFacts(input.sighting)),
      input.now,
      input.now + input.ttlSeconds * 1000,
    );
  }).immediate();
  const methods: SecondFactorChallenge['challenge']['methods'] = ['totp', 'recovery_code'];
  if (input.passkey) methods.push('passkey');
  return { requires2fa: true, challenge: { token, expiresIn: input.ttlSeconds, methods } };
}

export function findChallenge(db: Db, token: string): ChallengeRow | undefined {
  return stmt(db, 'SELECT * FROM second_factor_challenges WHERE token_hash = ?').get(sha256(token)) as
    ChallengeRow | undefined;
}

/** The device facts the first factor sent, to apply now that the challenge is answered. */
export function challengeSighting(row: ChallengeRow): DeviceSighting {
  return row.device_facts === null ? {} : (JSON.parse(row.device_facts) as DeviceSighting);
}

/** Marks the challenge used, dropping its device facts; false if another request completed it first. */
export function consumeChallenge(db: Db, row: ChallengeRow, now: number): boolean {
  return (
    stmt(
      db,
      'UPDATE second_factor_challenges SET used_at = ?, device_facts = NULL WHERE token_hash = ? AND used_at IS NULL',
    ).run(now, row.token_hash).changes === 1
  );
}

/** Revoking a device voids the challenges it is waiting on. */
export function deleteDeviceChallenges(db: Db, devicePk: number): void {
  stmt(db, 'DELETE FROM second_factor_challenges WHERE device_pk = ?').run(devicePk);
}

/** The sighting without its trust token: a secret, and of no use once the challenge is issued. */
const deviceFacts = (sighting: DeviceSighting): DeviceSighting => ({ ...sighting, trustToken: undefined });

/** Outstanding challenges stop working when the factor behind them goes away. */
export function deleteChallenges(db: Db, userId: number): void {
  stmt(db, 'DELETE FROM second_factor_challenges WHERE user_id = ?').run(userId);
}
