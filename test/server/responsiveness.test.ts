// Password hashing never blocks the event loop (DESIGN.md §5.1, SECURITY.md R8): while 16
// sign-ins hash at the production parameters, other calls are answered at once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findUserById, insertUser } from '../../main/server/accounts/users.ts';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';

describe.each(['native', 'noble'] as const)('with the %s backend', (backend) => {
  it('answers an authenticated read while 16 password sign-ins are hashing', async () => {
    const { server } = startServer({ password: { memoryKiB: 19456, passes: 2, backend } });
    const { tokens } = await registerUser(server);
    // Sixteen people, not one account sixteen times: an account has at most `lockout.threshold`
    // attempts evaluated at once. They share Ada's hash, so setting them up costs no hashing.
    const emails = Array.from({ length: 16 }, (_, i) => `user${i}@example.com`);
    const { db, clock } = server.services;
    const hash = findUserById(db, 1)!.password_hash;
    for (const email of emails)
      insertUser(db, { uuid: randomUUID(), email, name: email, passwordHash: hash, now: clock.now() });
    let pending = 16;
    const logins = emails.map((email) =>
      server
        .caller()
        .auth.login({ email, password: PASSWORD })
        .finally(() => (pending -= 1)),
    );
    const reads: number[] = [];
    for (let i = 0; i < 5; i++) {
      await as(server, tokens.accessToken).account.me();
      reads.push(pending);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Every read finished while most sign-ins were still hashing elsewhere.
    expect(Math.min(...reads)).toBeGreaterThanOrEqual(8);
    await Promise.all(logins);
    expect(server.services.hasher.stats.maxInFlight).toBeLessThanOrEqual(server.services.hasher.stats.derivations);
  });
});
