// Caps on unauthenticated requests that cost the server work or rows (docs/security.md R8, R44):
// registration (a password hash each), email-code requests, captcha images and device sign-ins. Over HTTP each is
// counted per address and for all addresses together, in fixed windows, in the throttles table:
// shared by every process on the database and kept across a restart. The check comes first,
// before any hashing. IPC and in-process callers are this machine's own and are not capped here
// (the bounded hash queue still holds them), so remote floods cannot lock the kiosk out.
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { stmt } from '../db/statements.ts';

export type CappedRequest = 'register' | 'emailCode' | 'captcha' | 'deviceCode' | 'passkeyOptions';

interface CapRow {
  failures: number;
  first_failure_at: number;
  locked_until: number | null;
}

/** Every cap row's key starts so (and `cap;` sorts right after, bounding a range scan). */
const PREFIX = 'cap:';

/** One more request in the key's window, or the first of a new window. */
const COUNT = `
  INSERT INTO throttles (key, failures, first_failure_at, last_failure_at, locked_until)
  VALUES (@key, 1, @now, @now, NULL)
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN first_failure_at > @since THEN failures + 1 ELSE 1 END,
    locked_until = CASE WHEN first_failure_at > @since THEN locked_until ELSE NULL END,
    first_failure_at = CASE WHEN first_failure_at > @since THEN first_failure_at ELSE @now END,
    last_failure_at = @now`;

/** Whether the request caps apply to this call at all. */
export const requestCapsApply = (services: Services, request: RequestInfo): boolean =>
  request.transport === 'http' && services.config.limits.perAddress;

/** Counts the request, or throws RATE_LIMITED with retryAfter if a cap is already full. */
export function admitRequest(services: Services, kind: CappedRequest, request: RequestInfo): void {
  if (!requestCapsApply(services, request)) return;
  const { db, clock, config, audit } = services;
  const { windowSeconds, [kind]: caps } = config.limits;
  const windowMs = windowSeconds * 1000;
  const buckets = [{ key: `${PREFIX}${kind}:*`, cap: caps.global, scope: 'global' }];
  if (request.ipAddress)
    buckets.push({ key: `${PREFIX}${kind}:ip:${request.ipAddress}`, cap: caps.address, scope: 'address' });
  const now = clock.now();

  const refusal = db
    .transaction(() => {
      const get = stmt(db, 'SELECT failures, first_failure_at, locked_until FROM throttles WHERE key = ?');
      const rows = buckets.map((bucket) => {
        const row = get.get(bucket.key) as CapRow | undefined;
        return row && row.first_failure_at > now - windowMs ? row : undefined;
      });
      const full = buckets.flatMap((bucket, i) => {
        const row = rows[i];
        return row && row.failures >= bucket.cap ? [{ bucket, windowEnd: row.first_failure_at + windowMs, row }] : [];
      });
      if (full.length > 0) {
        // Audited once per window and bucket (marked by locked_until), so a flood cannot grow the log.
        const fresh = full.filter(({ row, windowEnd }) => row.locked_until !== windowEnd);
        for (const { bucket, windowEnd } of fresh)
          stmt(db, 'UPDATE throttles SET locked_until = ? WHERE key = ?').run(windowEnd, bucket.key);
        const until = Math.max(...full.map(({ windowEnd }) => windowEnd));
        return { retryAfter: Math.max(1, Math.ceil((until - now) / 1000)), audit: fresh.map(({ bucket }) => bucket) };
      }
      // A new global window: forget the finished windows of every address.
      if (!rows[0])
        stmt(db, `DELETE FROM throttles WHERE key >= 'cap:' AND key < 'cap;' AND first_failure_at <= ?`).run(
          now - windowMs,
        );
      for (const bucket of buckets) stmt(db, COUNT).run({ key: bucket.key, now, since: now - windowMs });
      return undefined;
    })
    .immediate();

  if (!refusal) return;
  for (const bucket of refusal.audit)
    audit.record({ type: 'request_capped', details: { request: kind, scope: bucket.scope } }, request);
  throw new AuthError('RATE_LIMITED', { retryAfter: refusal.retryAfter });
}
