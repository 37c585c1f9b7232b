// Dev mode's captcha answers (`dev.captchaAnswer`): dev mode keeps answers in memory so scripts can
// solve a challenge; the database holds only a hash, and production keeps no answer at all.
import { stmt } from '../db/statements.ts';
import { AuthError } from '../errors.ts';
import type { Services } from '../services.ts';

export function captchaAnswer(services: Services, id: string): { answer: string } {
  const { db, clock, devCaptchaAnswers } = services;
  const answer = devCaptchaAnswers?.answerOf(id, clock.now());
  // An answered challenge is gone from the database, whatever the answer was.
  const live = stmt(db, 'SELECT 1 FROM captcha_challenges WHERE id = ?').get(id);
  if (!answer || !live) throw new AuthError('NOT_FOUND');
  return { answer };
}
