// Human messages for field-level validation, in every shipped language. The keys are the reasons
// the schemas and the password policy report.
import type { Locale } from './errors.ts';

export const FIELD_MESSAGES = {
  required: { en: 'This field is required.', zh: '此项为必填项。' },
  invalid: { en: 'This value is not valid.', zh: '该值无效。' },
  email: { en: 'Must be a valid email address.', zh: '请输入有效的邮箱地址。' },
  too_long: { en: 'This value is too long.', zh: '内容过长。' },
  too_short: { en: 'This value is too short.', zh: '内容过短。' },
  unknown_field: { en: 'This field is not allowed.', zh: '不允许此字段。' },
  redirect_not_allowed: {
    en: 'This address is not on the list of places a sign-in link may lead to.',
    zh: '该地址不在登录链接允许跳转的范围内。',
  },
  code_format: { en: 'Enter the 6-digit code.', zh: '请输入 6\u00a0位数字验证码。' },
  same_email: { en: 'This is already your email address.', zh: '这已经是您的邮箱地址。' },
  user_code_format: {
    en: 'Enter the 8-letter code shown on the other device (XXXX-XXXX).',
    zh: '请输入另一台设备上显示的 8\u00a0位字母码（XXXX-XXXX）。',
  },
  clock_forward_only: {
    en: 'The clock only moves forward; use {"reset": true} to return to the real time.',
    zh: '时钟只能向前拨；使用 {"reset": true} 回到真实时间。',
  },
  clock_advance_or_reset: {
    en: 'Give either advanceSeconds or {"reset": true}.',
    zh: '请提供 advanceSeconds 或 {"reset": true} 其中之一。',
  },
  password_too_short: {
    en: 'Use at least {min} characters.',
    zh: '密码至少需要 {min} 个字符。',
  },
  password_too_long: {
    en: 'Use at most {max} characters.',
    zh: '密码最多 {max} 个字符。',
  },
  password_blocklisted: {
    en: 'This password is too common or easy to guess. Choose another.',
    zh: '该密码过于常见或容易被猜到，请换一个。',
  },
  password_contextual: {
    en: 'The password must not contain your email, your name or the app name.',
    zh: '密码不能包含您的邮箱、姓名或应用名称。',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type FieldReason = keyof typeof FIELD_MESSAGES;

export function fieldMessage(
  reason: FieldReason,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return FIELD_MESSAGES[reason][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
