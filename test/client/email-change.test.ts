// Changing the email address through latchkey/client: request, confirm, report.
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/server.ts';
import { refusal, startClientServer } from './helpers.ts';

describe('latchkey/client email change', () => {
  it('requestEmailChange, confirmEmailChange and reportEmailChange', async () => {
    const { newClient, codeFor, server } = await startClientServer();
    const client = newClient();
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    expect(await client.requestEmailChange({ newEmail: 'ada.new@example.com' })).toEqual({
      newEmail: 'ada.new@example.com',
      expiresIn: 600,
      resendAfter: 60,
    });
    expect(await refusal(client.confirmEmailChange({ code: '12345' }))).toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 422,
    });
    expect(await client.confirmEmailChange(codeFor('ada.new@example.com'))).toEqual({
      email: 'ada.new@example.com',
      emailVerified: true,
    });
    expect((await client.me()).email).toBe('ada.new@example.com');

    const notice = server.services.mail!.outbox({ email: 'ada@example.com', limit: 1 })[0]!;
    const token = /([A-Za-z0-9_-]{43})/.exec(notice.text)![1]!;
    expect(await newClient().reportEmailChange({ token })).toEqual({ locked: true });
    expect(await refusal(client.me())).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
