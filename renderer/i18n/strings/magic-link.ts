// Sign-in links: the sign-in screen's "Email me a sign-in link", its "check your email" state,
// and the landing page that shows who asked before signing in.
const en = {
  'signIn.sendLink': 'Email me a sign-in link',
  'link.title': 'Check your email',
  'link.sent':
    'If {email} can sign in here, we sent it a sign-in link. Open it on this device, or type the code from the same email.',
  'link.enterCode': 'Type the code instead',
  'link.back': 'Back to sign in',
  'magic.title': 'Sign in with this link?',
  'magic.checking': 'Checking the link…',
  'magic.account': 'Account: {email}',
  'magic.askedBy': 'Asked for from {device}',
  'magic.askedAt': 'on {time}',
  'magic.address': 'Address: {ip}',
  'magic.unknownDevice': 'an unnamed device',
  'magic.warning':
    'Continue only if you asked for this link yourself. Someone else could have asked for it to sign you in to their account.',
  'magic.confirm': 'Yes, sign me in',
  'magic.cancel': 'No, this was not me',
  'magic.invalid': 'This sign-in link is not valid any more: it was used, replaced by a newer one, or it expired.',
  'magic.signingIn': 'Signing in…',
};

const zh: Record<keyof typeof en, string> = {
  'signIn.sendLink': '通过邮件发送登录链接',
  'link.title': '请查收邮件',
  'link.sent': '如果 {email} 可以在此登录，我们已向其发送登录链接。请在本设备上打开链接，或输入同一封邮件中的验证码。',
  'link.enterCode': '改为输入验证码',
  'link.back': '返回登录',
  'magic.title': '使用此链接登录？',
  'magic.checking': '正在检查链接…',
  'magic.account': '账户：{email}',
  'magic.askedBy': '请求来自{device}',
  'magic.askedAt': '时间：{time}',
  'magic.address': 'IP 地址：{ip}',
  'magic.unknownDevice': '未命名的设备',
  'magic.warning': '只有在此链接是您本人请求的情况下才继续。其他人可能请求了此链接，以便让您登录到他们的账户。',
  'magic.confirm': '是的，登录',
  'magic.cancel': '不，这不是我',
  'magic.invalid': '此登录链接已失效：它已被使用、被新的链接取代，或已过期。',
  'magic.signingIn': '正在登录…',
};

export const magicLinkStrings = { en, zh };
