// Changing the email address over IPC: the bridge serves the same router, main holds the tokens.
import { describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startIpc } from '../../helpers/ipc.ts';
import { lastCode } from '../../helpers/email.ts';
import { PASSWORD } from '../../helpers/server.ts';

describe('email change over IPC', () => {
  it('requests, confirms and refuses a wrong code, with the tokens main holds', async () => {
    const ipc = startIpc();
    const frame = ipc.frame();
    dataOf(
      await frame.call('mutation', 'auth.register', { email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
    );
    expect(
      dataOf(await frame.call('mutation', 'account.requestEmailChange', { newEmail: 'ada.new@example.com' })),
    ).toEqual({ newEmail: 'ada.new@example.com', expiresIn: 600, resendAfter: 60 });
    const code = lastCode(ipc.server, 'ada.new@example.com');
    expect(
      errorCodeOf(
        await frame.call('mutation', 'account.confirmEmailChange', { code: code === '000000' ? '000001' : '000000' }),
      ),
    ).toBe('CODE_INVALID');
    expect(dataOf(await frame.call('mutation', 'account.confirmEmailChange', { code }))).toEqual({
      email: 'ada.new@example.com',
      emailVerified: true,
    });
    expect(dataOf<{ email: string }>(await frame.call('query', 'account.me')).email).toBe('ada.new@example.com');
  });
});
