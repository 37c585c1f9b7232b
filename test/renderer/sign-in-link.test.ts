// @vitest-environment happy-dom
// <latchkey-sign-in>'s "Email me a sign-in link" against a stand-in server: the link request goes
// through the same captcha as a code request (docs/security.md, magic links: "runs the steps of
// requestEmailCode (request cap, captcha, …)"), so the answer typed into the captcha the screen
// shows must ride along with the next link request.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthMethods } from '../../shared/schemas.ts';
import { configureLatchkey } from '../../renderer/lib/configure.ts';
import '../../renderer/screens/sign-in.ts';
import type { SignIn } from '../../renderer/screens/sign-in.ts';
import { fakeServer, settle, type Call } from './fake-server.ts';

const methods: AuthMethods = {
  password: true,
  emailCode: true,
  totp: true,
  registration: true,
  passwordReset: true,
  deviceSignIn: false,
  magicLink: true,
  passkey: false,
};

let element: SignIn | undefined;
afterEach(() => element?.remove());

async function mount(handlers: Parameters<typeof fakeServer>[0]): Promise<{ el: SignIn; calls: Call[] }> {
  const { transport, calls } = fakeServer({ 'auth.methods': () => methods, ...handlers });
  configureLatchkey(transport);
  element = document.createElement('latchkey-sign-in');
  document.body.append(element);
  await settle();
  return { el: element, calls };
}

const root = (el: SignIn) => el.shadowRoot!;

async function typeEmail(el: SignIn, email: string): Promise<void> {
  const input = root(el).querySelector<HTMLInputElement>('#email')!;
  input.value = email;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

async function answerCaptcha(el: SignIn, answer: string): Promise<void> {
  const box = root(el).querySelector('latchkey-captcha')!;
  await box.updateComplete;
  await settle();
  const input = box.shadowRoot!.querySelector<HTMLInputElement>('#captcha-answer')!;
  input.value = answer;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

const sendLink = () => root(element!).querySelector<HTMLButtonElement>('button.send-link')!.click();

describe('sign-in link and the captcha', () => {
  it('sends the captcha answer with the next link request, and the link is sent', async () => {
    let captchaAsked = false;
    const { el, calls } = await mount({
      'auth.requestCaptcha': () => ({ captchaId: 'cap-1', svg: '<svg></svg>', expiresIn: 300 }),
      'auth.requestMagicLink': (input) => {
        const { captchaId, captchaAnswer } = input as { captchaId?: string; captchaAnswer?: string };
        if (captchaId === 'cap-1' && captchaAnswer === 'K7QP')
          return { email: 'ada@example.com', expiresIn: 900, resendAfter: 60 };
        captchaAsked = true;
        throw { code: 'CAPTCHA_REQUIRED', message: 'Please complete the captcha.' };
      },
    });
    await typeEmail(el, 'ada@example.com');
    sendLink();
    await settle();
    expect(captchaAsked).toBe(true);
    await answerCaptcha(el, 'K7QP');
    sendLink();
    await settle();
    const linkRequests = calls.filter((call) => call.path === 'auth.requestMagicLink');
    expect(linkRequests).toHaveLength(2);
    expect(linkRequests[1]!.input).toMatchObject({
      email: 'ada@example.com',
      captchaId: 'cap-1',
      captchaAnswer: 'K7QP',
    });
    // "Check your email" shows: the link went out.
    expect(root(el).textContent).toContain('Check your email');
  });
});
