// Dev mode's view of the outbox: each message's recipient, text and the code it carries, newest
// first. The dev route and the in-process test server (latchkey/testing) both read it here.
import type { AuthServer } from '../../server/server.ts';
import { AuthError } from '../../server/errors.ts';

export interface DevMailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one-time code the message carries, or null for a notice. */
  code: string | null;
  /** What the message is for (`login`, `reset_password`, `magic_link`…), or null. */
  purpose: string | null;
  /** The magic link a `magic_link` message carries, or null. */
  link: string | null;
  createdAt: string;
}

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
