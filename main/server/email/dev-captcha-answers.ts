// Dev mode only: the answers of the captchas issued, so test scripts can solve them
// (GET /v1/dev/captcha/:id). The database keeps only an HMAC of each answer; this map lives in
// memory, is created only when the server runs in dev mode, and forgets expired challenges.

const MAX_REMEMBERED = 1000;

export class DevCaptchaAnswers {
  readonly #answers = new Map<string, { answer: string; expiresAt: number }>();

  remember(captchaId: string, answer: string, expiresAt: number, now: number): void {
    for (const [id, entry] of this.#answers) if (entry.expiresAt <= now) this.#answers.delete(id);
    // Oldest first (insertion order): a script that never reads them cannot grow the map forever.
    while (this.#answers.size >= MAX_REMEMBERED) this.#answers.delete(this.#answers.keys().next().value!);
    this.#answers.set(captchaId, { answer, expiresAt });
  }

  answerOf(captchaId: string, now: number): string | undefined {
    const entry = this.#answers.get(captchaId);
    return entry && entry.expiresAt > now ? entry.answer : undefined;
  }
}
