// Security notices (docs/security.md R70): a short mail, without a code, telling a user that something
// changed on their account, in their language. Mail is optional: without a mail service that
// offers `notify`, the audit log is the only record. A failed notice never undoes the change it
// reports, and is logged without the address.
import type { Locale } from '../../../shared/errors.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';

export interface NoticeWording {
  subject: string;
  /** May name `{app}` and any fact the caller passes, e.g. `{device}`. */
  text: string;
  /** What to do if the change was not theirs; may name facts too (e.g. a report `{link}`). */
  notYou: string;
}

export type NoticeWordings = Record<Locale, NoticeWording>;

/** The user's own language if we ship it, else the request's. */
export const noticeLocale = (user: UserRow, request: RequestInfo): Locale =>
  user.locale === 'zh' || user.locale === 'en' ? user.locale : request.locale;

export async function sendSecurityNotice(
  services: Services,
  user: UserRow,
  notice: {
    kind: string;
    wordings: NoticeWordings;
    request: RequestInfo;
    facts?: ((locale: Locale) => Record<string, string>) | undefined;
  },
): Promise<void> {
  const send = services.mail?.notify;
  if (!send) return;
  const locale = noticeLocale(user, notice.request);
  const wording = notice.wordings[locale];
  const facts: Record<string, string> = { app: services.config.appName, ...notice.facts?.(locale) };
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (whole, name: string) => facts[name] ?? whole);
  try {
    await send.call(services.mail, {
      to: user.email,
      userId: user.id,
      subject: wording.subject,
      text: `${fill(wording.text)}\n\n${fill(wording.notYou)}`,
    });
  } catch (error) {
    services.logger.log('warn', 'security notice not sent', {
      kind: notice.kind,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
