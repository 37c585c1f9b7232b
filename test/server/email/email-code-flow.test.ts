// The email-code sign-in flow end to end through the outbox transport (docs/architecture.md, docs/security.md).
import { describe, expect, it, vi } from 'vitest';
import { as, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { lastCode, lastMail, signInByCode, wrongCode } from '../../helpers/email.ts';
import { sendEmailCode } from '../../../main/server/email/send-code.ts';
import { checkEmailCode } from '../../../main/server/email/check-code.ts';
import { deviceSighting } from '../../../main/server/sessions/device-sighting.ts';
import type { RequestInfo } from '../../../main/server/request.ts';

const NO_CAPTCHA = { email: { captcha: { policy: 'never' as const } } };

describe('email-code sign-in through the outbox', () => {
  it('requests a code, reads it from the outbox and signs in a new passwordless account', async () => {
    const { server } = startServer(NO_CAPTCHA);
    const sent = await server.caller().auth.requestEmailCode({ email: 'New.User@Example.com' });
    expect(sent).toEqual({ email: 'New.User@Example.com', expiresIn: 600, resendAfter: 60 });

    const mail = lastMail(server, 'new.user@example.com')!;
    expect(mail.to).toBe('New.User@Example.com');
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain(mail.code);
    expect(mail.html).toContain(mail.code);
    expect(mail.sentAt).toBeNull();

    const result = await server.caller().auth.verifyEmailCode({ email: 'new.user@example.com', code: mail.code! });
    if (result.requires2fa) throw new Error('unexpected 2FA');
    expect(result.user).toMatchObject({ email: 'new.user@example.com', hasPassword: false, emailVerified: true });
    expect(result.session.amr).toEqual(['otp']);
    const me = await as(server, result.tokens.accessToken).account.me();
    expect(me.id).toBe(result.user.id);

    const types = server.services.audit.list({ limit: 20 }).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['email_code_sent', 'email_code_verified', 'user_registered', 'session_created']),
    );
  });

  it('signs in an existing account and marks its email verified', async () => {
    const { server } = startServer(NO_CAPTCHA);
    const registered = await registerUser(server, 'ada@example.com');
    expect(registered.user.emailVerified).toBe(false);
    const result = await signInByCode(server, 'ada@example.com');
    expect(result.user).toMatchObject({ id: registered.user.id, emailVerified: true, hasPassword: true });
  });

  it('writes text and HTML in the requester language, naming the device and escaping its name', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await server.caller({ locale: 'zh', ipAddress: '203.0.113.7' }).auth.requestEmailCode({
      email: 'li@example.com',
      device: { id: 'phone-1', name: 'Li <b>phone</b>', platform: 'android' },
    });
    const zh = lastMail(server, 'li@example.com')!;
    expect(zh.subject).toBe('您的Latchkey登录验证码');
    expect(zh.text).toContain(`您的登录验证码是： ${zh.code}`);
    expect(zh.text).toContain('“Li <b>phone</b>”（Android）');
    expect(zh.text).toContain('203.0.113.7');
    expect(zh.html).toContain('Li &#60;b&#62;phone&#60;/b&#62;');
    expect(zh.html).not.toContain('<b>phone');

    await server.caller({ device: { name: 'Lobby kiosk', platform: 'linux' } }).auth.requestEmailCode({
      email: 'ada@example.com',
    });
    const en = lastMail(server, 'ada@example.com')!;
    expect(en.subject).toBe('Your Latchkey sign-in code');
    expect(en.text).toContain('Requested from "Lobby kiosk" (Linux).');
    expect(en.text).toContain('It expires in 10 minutes and works once.');
  });

  it('accepts a code once only', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    await server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code });
    const again = await errorOf(server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code }));
    expect(again.code).toBe('CODE_INVALID');
  });

  it('voids the previous code when a new one is sent', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const first = lastCode(server, 'ada@example.com');
    clock.advance(61_000);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const second = lastCode(server, 'ada@example.com');
    if (first !== second) {
      const old = await errorOf(server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code: first }));
      expect(old.code).toBe('CODE_INVALID');
    }
    const result = await server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code: second });
    expect(result.requires2fa).toBe(false);
  });

  it('binds a code to its purpose and its email', async () => {
    const { server } = startServer(NO_CAPTCHA);
    const { services } = server;
    const request: RequestInfo = { transport: 'internal', locale: 'en' };
    const sighting = deviceSighting(request, undefined);
    const resetFor = (email: string) =>
      sendEmailCode(services, { email, purpose: 'reset_password', request, sighting, recipient: { locale: 'en' } });

    resetFor('ada@example.com');
    const resetCode = lastCode(server, 'ada@example.com');
    expect(lastMail(server, 'ada@example.com')!.subject).toBe('Reset your Latchkey password');
    // A reset code does not sign in…
    const asLogin = await errorOf(server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code: resetCode }));
    expect(asLogin.code).toBe('CODE_INVALID');
    // …nor verify an email, nor work for another address…
    const check = (purpose: 'verify_email' | 'reset_password', email: string, code: string) => () =>
      checkEmailCode(services, { email, purpose, code, request, sighting });
    expect(check('verify_email', 'ada@example.com', resetCode)).toThrow(
      expect.objectContaining({ errorCode: 'CODE_INVALID' }),
    );
    expect(check('reset_password', 'bob@example.com', resetCode)).toThrow(
      expect.objectContaining({ errorCode: 'CODE_INVALID' }),
    );
    // …and still resets, since those wrong tries were not against it.
    expect(check('reset_password', 'ada@example.com', resetCode)).not.toThrow();

    // A login code is untouched by codes of other purposes.
    await server.caller().auth.requestEmailCode({ email: 'carol@example.com' });
    const loginCode = lastCode(server, 'carol@example.com');
    expect(check('reset_password', 'carol@example.com', loginCode)).toThrow(
      expect.objectContaining({ errorCode: 'CODE_INVALID' }),
    );
    const result = await server.caller().auth.verifyEmailCode({ email: 'carol@example.com', code: loginCode });
    expect(result.requires2fa).toBe(false);
  });

  it('refuses a wrong code with CODE_INVALID and audits the failure', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    const error = await errorOf(
      server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code: wrongCode(code) }),
    );
    expect(error.code).toBe('CODE_INVALID');
    const failed = server.services.audit.list({ type: 'email_code_failed', limit: 5 });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.details).toEqual({ purpose: 'login', reason: 'wrong' });
  });
});

describe('mail transports', () => {
  it('answers EMAIL_NOT_CONFIGURED (503) when no transport is configured', async () => {
    const { server } = startServer({ email: { transport: 'none' } });
    expect(server.services.mail).toBeUndefined();
    const error = await errorOf(server.caller().auth.requestEmailCode({ email: 'ada@example.com' }));
    expect(error.code).toBe('EMAIL_NOT_CONFIGURED');
  });

  it('marks outbox messages sent when a reader takes them', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const mail = lastMail(server, 'ada@example.com')!;
    expect(server.services.mail!.markSent(mail.id)).toBe(true);
    expect(server.services.mail!.markSent(mail.id)).toBe(false);
    expect(lastMail(server, 'ada@example.com')!.sentAt).toBe('2026-01-01T12:00:00.000Z');
  });

  it('prints mail on the console transport and still accepts its code', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { server } = startServer({ email: { transport: 'console', captcha: { policy: 'never' } } });
      await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
      const mail = lastMail(server, 'ada@example.com')!;
      const printed = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(printed).toContain('Subject: Your Latchkey sign-in code');
      expect(printed).toContain(mail.code!);
      expect(mail.sentAt).not.toBeNull();
      const result = await server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code: mail.code! });
      expect(result.requires2fa).toBe(false);
    } finally {
      write.mockRestore();
    }
  });
});
