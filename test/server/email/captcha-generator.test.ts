// A host's own captcha generator (createAuthServer's `captcha` option) draws every picture, and its
// answer is checked like the default one's: trimmed, case-insensitive, one try per picture.
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthServer, type AuthServer, type CaptchaGenerator } from '../../../main/entries/server.ts';
import { errorOf, FAST_PASSWORDS } from '../../helpers/server.ts';

let server: AuthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a custom captcha generator', () => {
  it('draws the picture auth.requestCaptcha answers, and its answer unlocks one email code', async () => {
    const drawn: string[] = [];
    const generator: CaptchaGenerator = {
      generate() {
        const answer = `Kx${drawn.length}q`;
        drawn.push(answer);
        return { answer, svg: `<svg xmlns="http://www.w3.org/2000/svg"><text>${answer}</text></svg>` };
      },
    };
    server = createAuthServer(
      { database: ':memory:', password: FAST_PASSWORDS, email: { transport: 'outbox', captcha: { policy: 'always' } } },
      { captcha: generator },
    );
    const caller = server.caller({ ipAddress: '198.51.100.7' });

    const first = await caller.auth.requestCaptcha();
    expect(drawn).toEqual(['Kx0q']);
    expect(first.svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><text>Kx0q</text></svg>');
    const sent = await caller.auth.requestEmailCode({
      email: 'ada@example.com',
      captchaId: first.captchaId,
      captchaAnswer: ' kX0Q ',
    });
    expect(sent.email).toBe('ada@example.com');

    const second = await caller.auth.requestCaptcha();
    expect(drawn).toEqual(['Kx0q', 'Kx1q']);
    const wrong = await errorOf(
      caller.auth.requestEmailCode({ email: 'ada@example.com', captchaId: second.captchaId, captchaAnswer: 'Kx0q' }),
    );
    expect(wrong.code).toBe('CAPTCHA_INVALID');
    // Used up by the wrong try: the right answer comes too late.
    const late = await errorOf(
      caller.auth.requestEmailCode({ email: 'ada@example.com', captchaId: second.captchaId, captchaAnswer: 'Kx1q' }),
    );
    expect(late.code).toBe('CAPTCHA_INVALID');
  });
});
