// `latchkey users reset-password`: an admin starts a reset, by mail or with a printed one-time code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, PASSWORD, errorOf, tempDir } from '../helpers/server.ts';
import { cliInProcess, fastConfig } from '../helpers/cli.ts';
import { lastMail } from '../helpers/email.ts';

const NEW_PASSWORD = 'violet staircase humming quietly';

async function fixture(cliConfig: Record<string, unknown> = { email: { transport: 'outbox' } }) {
  const dir = tempDir();
  const db = join(dir, 'auth.db');
  const config = fastConfig(dir, cliConfig);
  const open = () => createAuthServer({ database: db, password: FAST_PASSWORDS, email: { transport: 'outbox' } });
  const auth = open();
  await auth.adminCaller().admin.users.create({ email: 'ada@example.com', name: 'Ada', password: PASSWORD });
  await auth.close();
  const cli = (...args: string[]) => cliInProcess(...args, '--db', db, '--config', config);
  return { db, cli, open };
}

describe('latchkey users reset-password', () => {
  it('--print prints a one-time code, stored hashed, that confirmPasswordReset takes once', async () => {
    const { db, cli, open } = await fixture();
    const printed = await cli('users', 'reset-password', 'ada@example.com', '--print');
    expect(printed.code).toBe(0);
    const code = printed.stdout.split('\n')[0]!;
    expect(code).toMatch(/^\d{6}$/);
    expect(printed.stdout).toContain('one-time reset code for ada@example.com, valid 10 minutes');
    expect(readFileSync(db).includes(Buffer.from(code))).toBe(false);

    const auth = open();
    try {
      expect(lastMail(auth, 'ada@example.com')).toBeUndefined();
      const reset = await auth.caller().auth.confirmPasswordReset({
        email: 'ada@example.com',
        code,
        newPassword: NEW_PASSWORD,
      });
      expect(reset.requires2fa).toBe(false);
      const again = auth
        .caller()
        .auth.confirmPasswordReset({ email: 'ada@example.com', code, newPassword: NEW_PASSWORD });
      expect((await errorOf(again)).code).toBe('CODE_INVALID');
      const signedIn = await auth.caller().auth.login({ email: 'ada@example.com', password: NEW_PASSWORD });
      expect(signedIn.requires2fa).toBe(false);
    } finally {
      await auth.close();
    }
  });

  it('without --print mails the code; --json answers the delivery; an unknown user fails', async () => {
    const { cli, open } = await fixture();
    const mailed = await cli('users', 'reset-password', 'ada@example.com', '--json');
    expect(mailed.code).toBe(0);
    expect(JSON.parse(mailed.stdout)).toEqual({ delivery: 'mail', email: 'ada@example.com', expiresIn: 600 });
    const auth = open();
    try {
      expect(lastMail(auth, 'ada@example.com')).toMatchObject({ subject: 'Reset your Latchkey password' });
      expect(lastMail(auth, 'ada@example.com')!.code).toMatch(/^\d{6}$/);
    } finally {
      await auth.close();
    }
    expect((await cli('users', 'reset-password', 'nobody@example.com')).code).toBe(1);
  });

  it('with no mail transport, mailing fails with EMAIL_NOT_CONFIGURED and --print still works', async () => {
    const { cli } = await fixture({ email: { transport: 'none' } });
    const mailed = await cli('users', 'reset-password', 'ada@example.com', '--json');
    expect(mailed.code).toBe(1);
    expect(JSON.parse(mailed.stdout).error.code).toBe('EMAIL_NOT_CONFIGURED');
    expect((await cli('users', 'reset-password', '1', '--print')).code).toBe(0);
  });
});
