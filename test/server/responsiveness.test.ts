// Password hashing never blocks the event loop (docs/security.md R8): while 16
// sign-ins hash at the production parameters, other calls are answered at once, and no more
// hashes run at a time than the configured limit.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findUserById, insertUser } from '../../main/server/accounts/users.ts';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';

const LIMIT = 2;

describe.each(['native', 'noble'] as const)('with the %s backend', (backend) => {
  it('answers an authenticated read while 16 password sign-ins are hashing', async () => {
    const { server } = startServer({
      password: { memoryKiB: 19456, passes: 2, backend, maxConcurrentHashes: LIMIT },
    });
    const { tokens } = await registerUser(server);
    const me = as(server, tokens.accessToken);
    await me.account.me(); // warm the token cache and prepared statements
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
    const latencies: number[] = [];
    const stillHashing: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await me.account.me();
      latencies.push(performance.now() - started);
      stillHashing.push(pending);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The reads finished while most sign-ins were still hashing elsewhere, and quickly: a hash on
    // the event loop would hold every read for a whole derivation. (The median, not the maximum,
    // so that one scheduling hiccup on a busy CI machine is not mistaken for blocking.)
    expect(Math.min(...stillHashing)).toBeGreaterThanOrEqual(8);
    const median = latencies.sort((a, b) => a - b)[3]!;
    expect(median, `read latencies ${latencies.map(Math.round).join(', ')} ms`).toBeLessThan(100);
    const results = await Promise.all(logins);
    expect(results.every((result) => result.requires2fa === false)).toBe(true);
    const { maxInFlight, derivations } = server.services.hasher.stats;
    expect(derivations).toBe(17); // registration + 16 sign-ins
    expect(maxInFlight).toBeLessThanOrEqual(LIMIT);
    expect(maxInFlight).toBe(LIMIT); // and the limit was actually used: hashes ran side by side
  });
});
