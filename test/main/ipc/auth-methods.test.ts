// auth.methods reaches the screens over IPC too: the bridge serves the whole core router.
import { describe, expect, it } from 'vitest';
import { dataOf, startIpc } from '../../helpers/ipc.ts';

describe('auth.methods over IPC', () => {
  it('answers what the server offers, without a signed-in account', async () => {
    const withMail = startIpc();
    expect(dataOf(await withMail.frame().call('query', 'auth.methods'))).toEqual({
      password: true,
      emailCode: true,
      totp: true,
      registration: true,
      passwordReset: true,
      deviceSignIn: true,
      magicLink: true,
      passkey: false,
    });
    const withoutMail = startIpc({ config: { email: { transport: 'none' }, registration: { open: false } } });
    expect(dataOf(await withoutMail.frame().call('query', 'auth.methods'))).toEqual({
      password: true,
      emailCode: false,
      totp: true,
      registration: false,
      passwordReset: false,
      deviceSignIn: true,
      magicLink: false,
      passkey: false,
    });
  });
});
