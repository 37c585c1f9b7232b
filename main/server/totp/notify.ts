// Tells the user by mail when their second factor changes or a recovery code is used (docs/security.md
// R21, R23, R70), through the security-notice mail (main/server/email/security-notice.ts).
import type { Locale } from '../../../shared/errors.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';
import { sendSecurityNotice } from '../email/security-notice.ts';

export type TotpNoticeKind =
  'totp_enabled' | 'totp_replaced' | 'totp_disabled' | 'recovery_code_used' | 'recovery_codes_regenerated';

const NOTICES: Record<TotpNoticeKind, Record<Locale, { subject: string; text: string }>> = {
  totp_enabled: {
    en: { subject: 'Two-step sign-in is on', text: 'An authenticator app now protects your {app} account.' },
    zh: { subject: '两步验证已开启', text: '您的 {app} 账户现已启用身份验证器应用保护。' },
  },
  totp_replaced: {
    en: {
      subject: 'Your authenticator app changed',
      text: 'A new authenticator app was set up for your {app} account.',
    },
    zh: { subject: '身份验证器已更换', text: '您的 {app} 账户已设置新的身份验证器应用。' },
  },
  totp_disabled: {
    en: { subject: 'Two-step sign-in is off', text: 'Two-step sign-in was turned off for your {app} account.' },
    zh: { subject: '两步验证已关闭', text: '您的 {app} 账户已关闭两步验证。' },
  },
  recovery_code_used: {
    en: { subject: 'A recovery code was used', text: 'A recovery code was used to sign in to your {app} account.' },
    zh: { subject: '恢复码已被使用', text: '有人使用恢复码登录了您的 {app} 账户。' },
  },
  recovery_codes_regenerated: {
    en: {
      subject: 'New recovery codes',
      text: 'New recovery codes were made for your {app} account; the old ones no longer work.',
    },
    zh: { subject: '已生成新的恢复码', text: '已为您的 {app} 账户生成新的恢复码，旧恢复码已失效。' },
  },
};

const FOOTER: Record<Locale, string> = {
  en: "If this wasn't you, change your password and contact your administrator.",
  zh: '如果这不是您本人的操作，请修改密码并联系管理员。',
};

export function notifyUser(
  services: Services,
  user: UserRow,
  kind: TotpNoticeKind,
  request: RequestInfo,
): Promise<void> {
  const { en, zh } = NOTICES[kind];
  return sendSecurityNotice(services, user, {
    kind,
    request,
    wordings: { en: { ...en, notYou: FOOTER.en }, zh: { ...zh, notYou: FOOTER.zh } },
  });
}
