// Offline image captcha before a code is sent (docs/security.md, email codes). The picture comes
// from the server's CaptchaGenerator (captcha-generator.ts); only its answer's HMAC is stored, and
// any attempt, right or wrong, uses the challenge up, so one image buys one try.
import type { CaptchaChallenge } from '../../../shared/types.ts';
import type { Services } from '../services.ts';
import { stmt } from '../db/statements.ts';
import { constantTimeEqual, randomId } from '../crypto/random.ts';
import { keyedHash } from './code-key.ts';
import { recentFailures, type CodeSource } from './code-events.ts';

type CaptchaServices = Pick<Services, 'db' | 'secretBox' | 'clock' | 'config' | 'devCaptchaAnswers' | 'captcha'>;

const normalizeAnswer = (answer: string): string => answer.trim().toUpperCase();

/** What the caller gets: the image and its id, never the answer. */
export function issueCaptcha(services: CaptchaServices): CaptchaChallenge {
  return createCaptcha(services).challenge;
}

/** A stored challenge and its answer (in-process callers only: tests, dev tooling). */
export function createCaptcha(services: CaptchaServices): { challenge: CaptchaChallenge; answer: string } {
  const { db, clock, config } = services;
  const now = clock.now();
  const ttlSeconds = config.email.captcha.ttlSeconds;
  const image = services.captcha.generate();
  const text = normalizeAnswer(image.answer);
  const captchaId = randomId('cap');
  const expiresAt = now + ttlSeconds * 1000;
  db.transaction(() => {
    stmt(db, 'DELETE FROM captcha_challenges WHERE expires_at <= ?').run(now);
    stmt(db, 'INSERT INTO captcha_challenges (id, answer_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      captchaId,
      keyedHash(services, 'captcha', captchaId, text),
      now,
      expiresAt,
    );
  }).immediate();
  services.devCaptchaAnswers?.remember(captchaId, text, expiresAt, now);
  return { challenge: { captchaId, svg: image.svg, expiresIn: ttlSeconds }, answer: text };
}

/** Whether the policy asks this caller for a solved captcha before sending a code. */
export function captchaRequired(services: CaptchaServices, source: CodeSource, emailNormalized: string): boolean {
  const { policy, afterFailures } = services.config.email.captcha;
  if (policy === 'never') return false;
  if (policy === 'always') return true;
  return recentFailures(services.db, source, emailNormalized, services.clock.now()) >= afterFailures;
}

/** Checks an answer and uses the challenge up, whatever the answer. */
export function redeemCaptcha(services: CaptchaServices, captchaId: string, answer: string): boolean {
  const { db, clock } = services;
  const row = db
    .transaction(() => {
      const found = stmt(db, 'SELECT answer_hash, expires_at FROM captcha_challenges WHERE id = ?').get(captchaId) as
        { answer_hash: Buffer; expires_at: number } | undefined;
      if (found) stmt(db, 'DELETE FROM captcha_challenges WHERE id = ?').run(captchaId);
      return found;
    })
    .immediate();
  if (!row || clock.now() >= row.expires_at) return false;
  return constantTimeEqual(keyedHash(services, 'captcha', captchaId, normalizeAnswer(answer)), row.answer_hash);
}
