// @vitest-environment happy-dom
// <latchkey-app> and the language switcher (docs/elements.md, "Language"): what the app itself
// writes outside its elements' templates, the window title, follows a switch of language.
import { afterEach, describe, expect, it } from 'vitest';
import { configureLatchkey } from '../../renderer/lib/configure.ts';
import { setLocale } from '../../renderer/i18n/i18n.ts';
import '../../renderer/app.ts';
import '../../renderer/screens/sign-in.ts';
import type { LatchkeyApp } from '../../renderer/app.ts';
import type { AuthResult } from '../../shared/types.ts';
import { fakeServer, settle } from './fake-server.ts';

let app: LatchkeyApp | undefined;
afterEach(() => {
  app?.remove();
  setLocale('en');
});

describe('app language', () => {
  it('words the window title in the language chosen after the page opened', async () => {
    const { transport } = fakeServer({ 'auth.methods': () => ({ deviceSignIn: false }) });
    configureLatchkey(transport);
    setLocale('en');
    app = document.createElement('latchkey-app');
    document.body.append(app);
    await settle();
    expect(document.title).toBe('Sign in · Latchkey');
    setLocale('zh');
    await settle();
    expect(document.title).toBe('登录 · Latchkey');
  });

  it('words the "signed out" notice on the sign-in screen in the language chosen after it showed', async () => {
    const { transport } = fakeServer({
      'auth.methods': () => ({ deviceSignIn: false }),
      'auth.logout': () => ({ ok: true }),
    });
    const client = configureLatchkey(transport);
    client.signedIn({
      user: { id: 7, email: 'ada@example.com', name: 'Ada' },
      device: { id: 'dev-1' },
      session: { id: 'ses-1' },
      tokens: { accessToken: 'a', refreshToken: 'r' },
    } as unknown as AuthResult);
    setLocale('en');
    app = document.createElement('latchkey-app');
    document.body.append(app);
    await settle();
    await client.signOut('signed_out');
    await settle();
    const notice = () => app!.shadowRoot!.querySelector('latchkey-sign-in')!.shadowRoot!.querySelector('.alert')!;
    expect(notice().textContent!.trim()).toBe('You are signed out.');
    setLocale('zh');
    await settle();
    expect(notice().textContent!.trim()).toBe('您已退出登录。');
  });
});
