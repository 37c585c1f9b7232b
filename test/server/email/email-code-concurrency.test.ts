// A code is consumed in one immediate transaction: of 20 parallel answers with the right code,
// exactly one signs in (docs/security.md R11, R64).
import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.ts';
import { lastCode } from '../../helpers/email.ts';

describe('parallel verifications', () => {
  it('20 parallel verifications of one code give exactly one session', async () => {
    const { server } = startServer({ email: { captcha: { policy: 'never' } } });
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        server
          .caller({ ipAddress: i % 2 ? '192.0.2.1' : undefined })
          .auth.verifyEmailCode({ email: 'ada@example.com', code, device: { id: `device-${i}` } }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as { errorCode: string }).errorCode] : [],
    );
    expect(codes).toHaveLength(19);
    expect(codes.every((code) => code === 'CODE_INVALID' || code === 'RATE_LIMITED')).toBe(true);
    const { db } = server.services;
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM email_codes').get()).toEqual({ n: 0 });
  });
});
