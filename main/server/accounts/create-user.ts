// A new account and the audit entry that says how it came to be, in one transaction: both are
// written or neither (docs/security.md R64). Undefined when the email is taken (a concurrent
// registration may win the race between a caller's check and this insert).
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { AuditEntry } from '../security/audit.ts';
import { insertUser, type NewUser, type UserRow } from './users.ts';

export function createUser(
  services: Pick<Services, 'db' | 'audit'>,
  user: NewUser,
  entry: (created: UserRow) => AuditEntry,
  request: RequestInfo,
): UserRow | undefined {
  return services.db
    .transaction(() => {
      const created = insertUser(services.db, user);
      if (created) services.audit.record(entry(created), request);
      return created;
    })
    .immediate();
}
