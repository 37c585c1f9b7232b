// Dev mode's view of the outbox: each message's recipient, text and the code it carries, newest
// first. The dev router's `dev.outbox` and the in-process test server (latchkey/testing) read it here.
import type * as z from 'zod';
import type { devMailMessageSchema } from '../../../shared/outputs.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';

export type DevMailMessage = z.infer<typeof devMailMessageSchema>;

export function outboxMessages(
  services: Pick<Services, 'mail'>,
  filter: { email?: string | undefined; limit?: number | undefined },
): DevMailMessage[] {
  const { mail } = services;
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
