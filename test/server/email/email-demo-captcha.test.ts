// Demo accounts with a fixed code and the offline captcha before sending (docs/security.md, email codes).
import { describe, expect, it } from 'vitest';
import { errorOf, startServer } from '../../helpers/server.ts';
import { HOUR, lastCode, wrongCode } from '../../helpers/email.ts';
import { createCaptcha } from '../../../main/server/email/captcha.ts';
import type { AuthServer } from '../../../main/server/server.ts';

const DEMO = { email: 'demo1@example.com', code: '777777' };

describe('demo accounts', () => {
  it('are refused at start-up outside dev mode unless forced', () => {
    expect(() => startServer({ email: { demoAccounts: [DEMO] } })).toThrow(/devMode/);
    expect(() => startServer({ devMode: true, email: { demoAccounts: [DEMO] } })).not.toThrow();
    expect(() => startServer({ email: { demoAccounts: [DEMO], allowDemoAccounts: true } })).not.toThrow();
  });

  it('sign in with the fixed code, send nothing, and are audited on every use', async () => {
    const { server } = startServer({ devMode: true, email: { demoAccounts: [DEMO], autoRegister: false } });
    for (let i = 0; i < 2; i++) {
      const sent = await server.caller().auth.requestEmailCode({ email: 'Demo1@Example.com' });
      expect(sent).toEqual({ email: 'Demo1@Example.com', expiresIn: 600, resendAfter: 60 });
      const result = await server.caller().auth.verifyEmailCode({ email: DEMO.email, code: DEMO.code });
      if (result.requires2fa) throw new Error('unexpected 2FA');
      expect(result.user).toMatchObject({ email: DEMO.email, emailVerified: true, hasPassword: false });
      expect(result.session.amr).toEqual(['otp']);
    }
    expect(server.services.mail!.outbox()).toEqual([]);
    expect(server.services.audit.list({ type: 'email_demo_used', limit: 5 })).toHaveLength(2);
    const wrong = await errorOf(server.caller().auth.verifyEmailCode({ email: DEMO.email, code: '123456' }));
    expect(wrong.code).toBe('CODE_INVALID');
  });

  it('apply to the listed emails only', async () => {
    const { server } = startServer({ devMode: true, email: { demoAccounts: [DEMO], captcha: { policy: 'never' } } });
    const other = await errorOf(server.caller().auth.verifyEmailCode({ email: 'other@example.com', code: DEMO.code }));
    expect(other.code).toBe('CODE_INVALID');
  });
});

const withCaptcha = (policy: 'never' | 'always' | 'afterFailures', extra: object = {}) => ({
  email: { captcha: { policy, ...extra } },
});

const requestWith = (server: AuthServer, email: string, captcha: { captchaId?: string; captchaAnswer?: string } = {}) =>
  server.caller({ ipAddress: '198.51.100.7' }).auth.requestEmailCode({ email, ...captcha });

describe('captcha', () => {
  it('issues an SVG challenge through auth.requestCaptcha and stores only a hash of its answer', async () => {
    const { server } = startServer(withCaptcha('always'));
    const challenge = await server.caller().auth.requestCaptcha();
    expect(challenge.captchaId).toMatch(/^cap_/);
    expect(challenge.svg).toMatch(/^<svg [^>]*>.*<\/svg>$/s);
    expect(challenge.expiresIn).toBe(300);
    const row = server.services.db.prepare('SELECT * FROM captcha_challenges').get() as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual(['answer_hash', 'created_at', 'expires_at', 'id']);
    expect(row.answer_hash).toHaveLength(32);
  });

  it('policy never: no captcha, even after failures', async () => {
    const { server } = startServer(withCaptcha('never'));
    for (let i = 0; i < 4; i++)
      await errorOf(
        server
          .caller({ ipAddress: '198.51.100.7' })
          .auth.verifyEmailCode({ email: `u${i}@example.com`, code: '000000' }),
      );
    await expect(requestWith(server, 'ada@example.com')).resolves.toBeDefined();
  });

  it('policy always: every request needs a solved captcha, each good for one request', async () => {
    const { server, clock } = startServer(withCaptcha('always'));
    expect((await errorOf(requestWith(server, 'ada@example.com'))).code).toBe('CAPTCHA_REQUIRED');
    const { challenge, answer } = createCaptcha(server.services);
    const solved = { captchaId: challenge.captchaId, captchaAnswer: answer.toLowerCase() };
    await expect(requestWith(server, 'ada@example.com', solved)).resolves.toBeDefined();
    clock.advance(HOUR);
    expect((await errorOf(requestWith(server, 'ada@example.com', solved))).code).toBe('CAPTCHA_INVALID');
  });

  it('uses a challenge up on a wrong answer, and lets it expire', async () => {
    const { server, clock } = startServer(withCaptcha('always'));
    const { challenge, answer } = createCaptcha(server.services);
    const wrong = { captchaId: challenge.captchaId, captchaAnswer: answer === 'AAAAA' ? 'BBBBB' : 'AAAAA' };
    expect((await errorOf(requestWith(server, 'ada@example.com', wrong))).code).toBe('CAPTCHA_INVALID');
    const retry = { captchaId: challenge.captchaId, captchaAnswer: answer };
    expect((await errorOf(requestWith(server, 'ada@example.com', retry))).code).toBe('CAPTCHA_INVALID');

    const late = createCaptcha(server.services);
    clock.advance(300_000);
    const expired = { captchaId: late.challenge.captchaId, captchaAnswer: late.answer };
    expect((await errorOf(requestWith(server, 'ada@example.com', expired))).code).toBe('CAPTCHA_INVALID');
  });

  it('policy afterFailures: asks after 3 failures from one address within the hour', async () => {
    const { server, clock } = startServer(withCaptcha('afterFailures'));
    await requestWith(server, 'ada@example.com');
    const code = lastCode(server, 'ada@example.com');
    for (let i = 0; i < 2; i++) {
      await errorOf(
        server
          .caller({ ipAddress: '198.51.100.7' })
          .auth.verifyEmailCode({ email: 'ada@example.com', code: wrongCode(code) }),
      );
    }
    await expect(requestWith(server, 'bob@example.com')).resolves.toBeDefined();
    // A refused send counts as a failure too: the third one.
    expect((await errorOf(requestWith(server, 'bob@example.com'))).code).toBe('RATE_LIMITED');
    expect((await errorOf(requestWith(server, 'carol@example.com'))).code).toBe('CAPTCHA_REQUIRED');
    // Other addresses are not asked; an hour later this one is not either.
    await expect(
      server.caller({ ipAddress: '198.51.100.8' }).auth.requestEmailCode({ email: 'carol@example.com' }),
    ).resolves.toBeDefined();
    clock.advance(HOUR);
    await expect(requestWith(server, 'dave@example.com')).resolves.toBeDefined();
  });

  it('policy afterFailures(n) follows its configured count', async () => {
    const { server } = startServer(withCaptcha('afterFailures', { afterFailures: 1 }));
    await errorOf(
      server.caller({ ipAddress: '198.51.100.7' }).auth.verifyEmailCode({ email: 'ada@example.com', code: '000000' }),
    );
    expect((await errorOf(requestWith(server, 'ada@example.com'))).code).toBe('CAPTCHA_REQUIRED');
    const { challenge, answer } = createCaptcha(server.services);
    await expect(
      requestWith(server, 'ada@example.com', { captchaId: challenge.captchaId, captchaAnswer: answer }),
    ).resolves.toBeDefined();
  });
});
