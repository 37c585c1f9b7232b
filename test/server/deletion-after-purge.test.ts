// Account deletion after retention (docs/security.md R67, R68): the audit rows about the user that
// name only one of their sessions keep no address once the account is deleted, even when the
// session itself was purged first (sessions go after retention.sessionDays, audit rows after
// retention.auditDays).
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';

const DAY = 86_400_000;

describe('account deletion after the purge took a session', () => {
  it('redacts the address from the rows naming that session', async () => {
    const { server, clock } = startServer({ retention: { sessionDays: 30, auditDays: 90 } });
    const { tokens } = await registerUser(server, 'gone.user@example.com');
    const phone = server.caller({ transport: 'http', ipAddress: '203.0.113.77' });
    await phone.auth.refresh({ refreshToken: tokens.refreshToken });
    // The old token again: the session is revoked and the reuse audited.
    await phone.auth.refresh({ refreshToken: tokens.refreshToken }).catch(() => undefined);
    const reuse = server.services.audit.list({ type: 'refresh_reuse_detected', limit: 5 });
    expect(reuse).toMatchObject([{ ipAddress: '203.0.113.77' }]);

    clock.advance(45 * DAY);
    expect(server.purge()).toMatchObject({ sessions: 1, auditEvents: 0 });
    const recent = await server.caller().auth.login({ email: 'gone.user@example.com', password: PASSWORD });
    if (recent.requires2fa) throw new Error('no 2fa');
    expect(await as(server, recent.tokens.accessToken).account.delete()).toEqual({ deleted: true });

    const db = server.services.db;
    expect(
      db
        .prepare("SELECT count(*) AS n FROM audit_events WHERE ip_address = '203.0.113.77' OR session_id IS NOT NULL")
        .get(),
    ).toEqual({ n: 0 });
    expect(server.services.audit.verify()).toMatchObject({ ok: true });
  });
});
