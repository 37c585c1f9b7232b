// Words every screen uses: field names, buttons, waiting and retry lines.
const en = {
  'common.email': 'Email',
  'common.password': 'Password',
  'common.name': 'Name',
  'common.continue': 'Continue',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.back': 'Back',
  'common.close': 'Close',
  'common.copy': 'Copy',
  'common.copied': 'Copied',
  'common.working': 'Working…',
  'common.showPassword': 'Show password',
  'common.show': 'Show',
  'common.retryIn': 'Try again in {time}.',
} as const;

const zh: Record<keyof typeof en, string> = {
  'common.email': '邮箱',
  'common.password': '密码',
  'common.name': '姓名',
  'common.continue': '继续',
  'common.cancel': '取消',
  'common.save': '保存',
  'common.back': '返回',
  'common.close': '关闭',
  'common.copy': '复制',
  'common.copied': '已复制',
  'common.working': '请稍候…',
  'common.showPassword': '显示密码',
  'common.show': '显示',
  'common.retryIn': '请在 {time}\u00a0后重试。',
};

export const commonStrings = { en, zh };
