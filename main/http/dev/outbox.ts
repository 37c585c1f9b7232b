// Dev mode's view of the outbox: each message's recipient, text and the code it carries, newest
// first. The dev route and the in-process test server (latchkey/testing) both read it here.
import type * as z from 'zod';
import type { devMailMessageSchema } from '../../../shared/outputs.ts';
import type { AuthServer } from '../../server/server.ts';
import { AuthError } from '../../server/errors.ts';

export type DevMailMessage = z.infer<typeof devMailMessageSchema>;

export function outboxMessages(
  auth: AuthServer,
  filter: { email?: string | undefined; limit?: number | undefined },
): DevMailMessage[] {
  const mail = auth.services.mail;
  if (!mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  return mail
    .outbox({ email: filter.email, limit: filter.limit })
    .map(({ to, subject, text, code, purpose, link, createdAt }) => ({
      to,
      subject,
      text,
      code,
      purpose,
      link,
      createdAt,
    }));
}
