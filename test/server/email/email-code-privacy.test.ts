// Enumeration safety and secrecy of codes (docs/security.md R12, R47): requesting
// a code answers the same for known and unknown emails, and no plain code is stored anywhere but
// in the outbox message that carries it.
import { describe, expect, it } from 'vitest';
import { errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { lastCode, lastMail, wrongCode } from '../../helpers/email.ts';
import type { Db } from '../../../main/server/db/open.ts';

const KNOWN = 'ada@example.com';
const UNKNOWN = 'nobody@example.com';

/** Every stored value of every table, as text (blobs as hex and as raw bytes), with its place. */
function everyValue(db: Db): Array<{ table: string; column: string; value: string }> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>).flatMap((row) =>
      Object.entries(row).flatMap(([column, value]) => {
        if (value === null) return [];
        const texts = Buffer.isBuffer(value) ? [value.toString('hex'), value.toString('latin1')] : [String(value)];
        return texts.map((text) => ({ table: name, column, value: text }));
      }),
    ),
  );
}

describe('enumeration safety', () => {
  it('answers known and unknown emails identically, and mails both while auto-registration is on', async () => {
    const { server } = startServer({ email: { captcha: { policy: 'never' } } });
    await registerUser(server, KNOWN);
    const known = await server.caller().auth.requestEmailCode({ email: KNOWN });
    const unknown = await server.caller().auth.requestEmailCode({ email: UNKNOWN });
    expect({ ...known, email: '' }).toEqual({ ...unknown, email: '' });
    expect(lastMail(server, UNKNOWN)).toBeDefined();

    const [knownLimit, unknownLimit] = await Promise.all([
      errorOf(server.caller().auth.requestEmailCode({ email: KNOWN })),
      errorOf(server.caller().auth.requestEmailCode({ email: UNKNOWN })),
    ]);
    expect(knownLimit).toEqual(unknownLimit);
  });

  it('sends no mail to unknown emails when auto-registration is off, with the same answers', async () => {
    const { server } = startServer({ email: { autoRegister: false, captcha: { policy: 'never' } } });
    await registerUser(server, KNOWN);
    const known = await server.caller().auth.requestEmailCode({ email: KNOWN });
    const unknown = await server.caller().auth.requestEmailCode({ email: UNKNOWN });
    expect({ ...known, email: '' }).toEqual({ ...unknown, email: '' });
    expect(lastMail(server, UNKNOWN)).toBeUndefined();
    expect(server.services.audit.list({ type: 'email_code_withheld', limit: 5 })).toHaveLength(1);

    // Verification failures look the same too, down to the attempt that kills the code.
    const knownCode = wrongCode(lastCode(server, KNOWN));
    for (let i = 0; i < 5; i++) {
      const [a, b] = [
        await errorOf(server.caller().auth.verifyEmailCode({ email: KNOWN, code: knownCode })),
        await errorOf(server.caller().auth.verifyEmailCode({ email: UNKNOWN, code: knownCode })),
      ];
      expect(a).toEqual(b);
    }
  });

  it('keeps unknown emails from registering when auto-registration is off', async () => {
    const { server } = startServer({ email: { autoRegister: false, captcha: { policy: 'never' } } });
    await server.caller().auth.requestEmailCode({ email: UNKNOWN });
    const code = server.services.db.prepare('SELECT count(*) AS n FROM email_codes').get() as { n: number };
    expect(code.n).toBe(1); // a code nobody was told, so the attempts behave the same
    const error = await errorOf(server.caller().auth.verifyEmailCode({ email: UNKNOWN, code: '123456' }));
    expect(error.code).toBe('CODE_INVALID');
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
  });

  it('gives the explicit USER_NOT_FOUND and USER_INACTIVE with revealAccountState', async () => {
    const { server } = startServer({
      revealAccountState: true,
      email: { autoRegister: false, captcha: { policy: 'never' } },
    });
    const error = await errorOf(server.caller().auth.requestEmailCode({ email: UNKNOWN }));
    expect(error.code).toBe('USER_NOT_FOUND');
    const user = await server.adminCaller().admin.users.create({ email: KNOWN, name: 'Ada' });
    await server.adminCaller().admin.users.disable({ userId: user.id });
    expect((await errorOf(server.caller().auth.requestEmailCode({ email: KNOWN }))).code).toBe('USER_INACTIVE');
  });

  it('sends nothing to a disabled account and refuses its sign-in like a wrong code', async () => {
    const { server, clock } = startServer({ email: { captcha: { policy: 'never' } } });
    await server.caller().auth.requestEmailCode({ email: KNOWN });
    const code = lastCode(server, KNOWN);
    const { user } = await server
      .caller()
      .auth.verifyEmailCode({ email: KNOWN, code })
      .then((r) => {
        if (r.requires2fa) throw new Error('unexpected 2FA');
        return r;
      });
    await server.adminCaller().admin.users.disable({ userId: user.id });
    clock.advance(61_000);
    await expect(server.caller().auth.requestEmailCode({ email: KNOWN })).resolves.toBeDefined();
    expect(server.services.mail!.outbox({ email: KNOWN })).toHaveLength(1); // no new mail
    expect(server.services.audit.list({ type: 'email_code_withheld', limit: 5 })).toHaveLength(1);
  });
});

describe('codes at rest', () => {
  it('stores no plain code anywhere, the outbox included (its message is sealed), and logs none', async () => {
    const { server, logs } = startServer({ email: { captcha: { policy: 'never' } } });
    await registerUser(server, KNOWN);
    await server.caller({ ipAddress: '203.0.113.9' }).auth.requestEmailCode({ email: KNOWN });
    const code = lastCode(server, KNOWN);
    await errorOf(server.caller().auth.verifyEmailCode({ email: KNOWN, code: wrongCode(code) }));

    expect(everyValue(server.services.db).filter(({ value }) => value.includes(code))).toEqual([]);
    expect(logs.join('\n')).not.toContain(code);

    const stored = server.services.db.prepare('SELECT code_hash FROM email_codes').get() as { code_hash: Buffer };
    expect(stored.code_hash).toHaveLength(32); // HMAC-SHA-256

    // The key that hashes codes is itself sealed, not stored in the clear.
    const secret = server.services.db
      .prepare("SELECT sealed FROM server_secrets WHERE name = 'email_code_hmac'")
      .get() as { sealed: Buffer };
    expect(secret.sealed.length).toBeGreaterThan(32);
  });

  it('keeps the outbox out of deleted accounts', async () => {
    const { server } = startServer({ email: { captcha: { policy: 'never' } } });
    await server.caller().auth.requestEmailCode({ email: KNOWN });
    const result = await server.caller().auth.verifyEmailCode({ email: KNOWN, code: lastCode(server, KNOWN) });
    if (result.requires2fa) throw new Error('unexpected 2FA');
    await server.adminCaller().admin.users.delete({ userId: result.user.id });
    const left = everyValue(server.services.db).filter(({ value }) => value.includes(KNOWN));
    expect(left).toEqual([]);
  });
});
