// The mails an email change sends besides its code (docs/security.md R70, R75): a notice to the
// old address when a change is asked for and when it is made, each with a "this was not me"
// report link; and, when the new address already has an account, a note to that address instead
// of a code. English or Chinese, like every notice.
import type { Locale } from '../../../shared/errors.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { UserRow } from './users.ts';
import { noticeMail } from '../email/messages.ts';
import { sendSecurityNotice, type NoticeWordings } from '../email/security-notice.ts';

export type EmailChangeNoticeKind = 'email_change_requested' | 'email_changed';

const NOTICES: Record<EmailChangeNoticeKind, NoticeWordings> = {
  email_change_requested: {
    en: {
      subject: 'A change of your email address was asked for',
      text: 'Someone signed in to your {app} account asked to change its email address to {newEmail}. It changes only once the code sent there is entered.',
      notYou:
        "If this wasn't you, someone else is signed in as you. Report it and your account is locked until an administrator checks it: {link}",
    },
    zh: {
      subject: '有人申请更改您的邮箱地址',
      text: '登录您 {app} 账户的人申请将账户邮箱更改为 {newEmail}。只有输入发送到该邮箱的验证码后才会更改。',
      notYou: '如果这不是您本人的操作，说明其他人正以您的身份登录。请举报，您的账户将被锁定，直到管理员核实：{link}',
    },
  },
  email_changed: {
    en: {
      subject: 'Your email address was changed',
      text: 'The email address of your {app} account was changed to {newEmail}. This address no longer signs in to it.',
      notYou:
        "If this wasn't you, report it at once: the account is locked and every device signed out until an administrator checks it: {link}",
    },
    zh: {
      subject: '您的邮箱地址已更改',
      text: '您的 {app} 账户邮箱已更改为 {newEmail}，此邮箱不能再用于登录该账户。',
      notYou: '如果这不是您本人的操作，请立即举报：账户将被锁定、所有设备退出登录，直到管理员核实：{link}',
    },
  },
};

const REPORT_WITHOUT_LINK: Record<Locale, (token: string) => string> = {
  en: (token) => `open the app's "Report an email change" page and enter this report code: ${token}`,
  zh: (token) => `打开应用的“举报邮箱更改”页面并输入此举报码：${token}`,
};

/** The screens' report page for this token (the token rides in the fragment, never sent to a server). */
export function reportLink(services: Pick<Services, 'config'>, token: string): string | undefined {
  const base = services.config.email.linkBaseUrl;
  if (!base) return undefined;
  const url = new URL(base);
  url.hash = `/email-change-report/${token}`;
  return url.href;
}

/** To the old address (the user row as it was): what happened, and the report link. */
export function notifyEmailChange(
  services: Services,
  user: UserRow,
  kind: EmailChangeNoticeKind,
  facts: { newEmail: string; reportToken: string },
  request: RequestInfo,
): Promise<void> {
  const link = reportLink(services, facts.reportToken);
  return sendSecurityNotice(services, user, {
    kind,
    request,
    wordings: NOTICES[kind],
    facts: (locale) => ({ newEmail: facts.newEmail, link: link ?? REPORT_WITHOUT_LINK[locale](facts.reportToken) }),
  });
}

const TAKEN_NOTE: Record<Locale, { subject: string; text: (app: string) => string }> = {
  en: {
    subject: 'Someone tried to use this address',
    text: (app) =>
      `Someone signed in to a ${app} account asked to move it to this email address, but this address already has a ${app} account, so nothing was changed and no code was sent.\n\nIf it was you, sign in to the account that has this address instead. Otherwise you need not do anything.`,
  },
  zh: {
    subject: '有人尝试使用此邮箱',
    text: (app) =>
      `有人申请将其 ${app} 账户的邮箱更改为此邮箱，但此邮箱已有 ${app} 账户，因此没有任何更改，也没有发送验证码。\n\n如果是您本人，请直接登录使用此邮箱的账户；否则无需任何操作。`,
  },
};

/** To a new address that already has an account: a note instead of a code (nothing to enter). */
export function mailAddressTaken(services: Services, to: string, locale: Locale): void {
  const note = TAKEN_NOTE[locale];
  services.mail?.send(noticeMail({ to, subject: note.subject, text: note.text(services.config.appName) }));
}
