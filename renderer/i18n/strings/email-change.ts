// Changing the email address (the Account screen's email section) and the "this was not me"
// report page that the old address's notice links to.
const en = {
  'email.title': 'Email address',
  'email.current': 'Your email is {email}.',
  'email.change': 'Change email',
  'email.new': 'New email address',
  'email.sendCode': 'Send code',
  'email.codeSubtitle': 'Enter the 6-digit code we sent to {email}. Your email changes once the code is right.',
  'email.confirm': 'Change email',
  'email.cancel': 'Cancel',
  'email.changed': 'Your email is now {email}.',
  'email.reauth': 'For your safety, sign in again, then change your email.',
  'report.title': 'Report an email change',
  'report.body':
    'If you did not change the email of your account, lock it now: every device is signed out and nobody can sign in until an administrator checks and unlocks it.',
  'report.token': 'Report code from the email',
  'report.confirm': 'This was not me: lock the account',
  'report.done': 'The account is locked and every device was signed out. Contact your administrator to get it back.',
  'report.back': 'Back to sign in',
} as const;

const zh: Record<keyof typeof en, string> = {
  'email.title': '邮箱地址',
  'email.current': '您的邮箱是 {email}。',
  'email.change': '更改邮箱',
  'email.new': '新邮箱地址',
  'email.sendCode': '发送验证码',
  'email.codeSubtitle': '请输入我们发送到 {email} 的 6\u00a0位验证码。验证码正确后邮箱即会更改。',
  'email.confirm': '更改邮箱',
  'email.cancel': '取消',
  'email.changed': '您的邮箱已更改为 {email}。',
  'email.reauth': '为了您的安全，请重新登录后再更改邮箱。',
  'report.title': '举报邮箱更改',
  'report.body': '如果您没有更改账户邮箱，请立即锁定账户：所有设备将退出登录，在管理员核实并解锁之前任何人都无法登录。',
  'report.token': '邮件中的举报码',
  'report.confirm': '这不是我本人：锁定账户',
  'report.done': '账户已锁定，所有设备均已退出登录。请联系管理员恢复账户。',
  'report.back': '返回登录',
};

export const emailChangeStrings = { en, zh };
