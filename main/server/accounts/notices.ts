// Tells the user by mail when their password changes, an admin sets their address, or their
// account is signed in to from a device it has not seen before (docs/security.md R70), in English
// or Chinese.
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceRow } from '../sessions/devices.ts';
import type { UserRow } from './users.ts';
import { describeDevice } from '../email/messages.ts';
import { sendSecurityNotice, type NoticeWordings } from '../email/security-notice.ts';

export type AccountNoticeKind = 'password_changed' | 'password_set' | 'password_reset' | 'email_set' | 'new_device';

const NOTICES: Record<AccountNoticeKind, NoticeWordings> = {
  password_changed: {
    en: {
      subject: 'Your password was changed',
      text: 'The password of your {app} account was changed.',
      notYou: "If this wasn't you, contact your administrator at once: someone else can sign in as you.",
    },
    zh: {
      subject: '您的密码已更改',
      text: '您的 {app} 账户密码已更改。',
      notYou: '如果这不是您本人的操作，请立即联系管理员：其他人可能正以您的身份登录。',
    },
  },
  password_set: {
    en: {
      subject: 'A password was set',
      text: 'A password was set for your {app} account: it can now also be signed in to with a password.',
      notYou: "If this wasn't you, contact your administrator at once: someone else can sign in as you.",
    },
    zh: {
      subject: '已设置密码',
      text: '您的 {app} 账户已设置密码，现在也可以使用密码登录。',
      notYou: '如果这不是您本人的操作，请立即联系管理员：其他人可能正以您的身份登录。',
    },
  },
  password_reset: {
    en: {
      subject: 'Your password was reset',
      text: 'The password of your {app} account was reset with a code sent to this address. Every device was signed out.',
      notYou: "If this wasn't you, contact your administrator at once: someone who reads your mail can sign in as you.",
    },
    zh: {
      subject: '您的密码已重置',
      text: '您的 {app} 账户密码已通过发送到此邮箱的验证码重置，所有设备均已退出登录。',
      notYou: '如果这不是您本人的操作，请立即联系管理员：能读取您邮件的人可能正以您的身份登录。',
    },
  },
  email_set: {
    en: {
      subject: 'Your account’s email address was changed',
      text: 'An administrator made this the email address of your {app} account: its codes, links and notices come here from now on.',
      notYou: 'If you did not expect this, contact your administrator.',
    },
    zh: {
      subject: '您账户的邮箱地址已更改',
      text: '管理员已将此地址设为您的 {app} 账户邮箱，今后账户的验证码、链接和通知都将发送到这里。',
      notYou: '如果您没有预料到此变更，请联系管理员。',
    },
  },
  new_device: {
    en: {
      subject: 'New sign-in to your account',
      text: 'Your {app} account was just signed in to from a device it had not seen before: {device}.',
      notYou: "If this wasn't you, change your password and sign that device out under Devices.",
    },
    zh: {
      subject: '新设备登录提醒',
      text: '您的 {app} 账户刚刚在一台新设备上登录：{device}。',
      notYou: '如果这不是您本人的操作，请修改密码，并在“设备”中将该设备退出登录。',
    },
  },
};

export function notifyAccountChange(
  services: Services,
  user: UserRow,
  kind: AccountNoticeKind,
  request: RequestInfo,
  device?: DeviceRow,
): Promise<void> {
  return sendSecurityNotice(services, user, {
    kind,
    request,
    wordings: NOTICES[kind],
    facts: device
      ? (locale) => ({
          device: describeDevice(locale, {
            deviceName: device.name ?? undefined,
            platform: device.platform ?? undefined,
            ipAddress: device.ip_address ?? undefined,
          }),
        })
      : undefined,
  });
}
