// Stable error codes of the API contract (docs/rest-api.md): one table gives each code its HTTP
// status and its message in every language we ship. Clients switch on `code`, never on text.

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

interface ErrorSpec {
  readonly status: number;
  readonly en: string;
  readonly zh: string;
}

export const ERRORS = {
  VALIDATION_ERROR: { status: 422, en: 'Validation failed.', zh: '输入校验失败。' },
  INVALID_CREDENTIALS: {
    status: 401,
    en: 'The email or password you entered is incorrect.',
    zh: '邮箱或密码不正确。',
  },
  UNAUTHORIZED: { status: 401, en: 'You need to sign in again.', zh: '请重新登录。' },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    en: 'This sign-in was ended for your safety. Please sign in again.',
    zh: '为了您的安全，此次登录已结束，请重新登录。',
  },
  FORBIDDEN: { status: 403, en: 'You are not allowed to do that.', zh: '您无权执行此操作。' },
  REAUTH_REQUIRED: {
    status: 403,
    en: 'Please sign in again to confirm it is you.',
    zh: '请重新登录以确认是您本人。',
  },
  USER_INACTIVE: { status: 403, en: 'This account is disabled.', zh: '该账户已被停用。' },
  USER_NOT_FOUND: { status: 404, en: 'No account uses this email.', zh: '该邮箱没有对应的账户。' },
  INVALID_PASSWORD: { status: 401, en: 'The password is incorrect.', zh: '密码不正确。' },
  NO_PASSWORD_SET: {
    status: 400,
    en: 'This account has no password. Sign in with an email code.',
    zh: '该账户未设置密码，请使用邮箱验证码登录。',
  },
  CONFLICT: {
    status: 409,
    en: 'An account with this email already exists.',
    zh: '该邮箱已被注册。',
  },
  RATE_LIMITED: {
    status: 429,
    en: 'Too many attempts. Please try again later.',
    zh: '尝试次数过多，请稍后再试。',
  },
  CODE_INVALID: {
    status: 400,
    en: 'The code is incorrect or has expired.',
    zh: '验证码不正确或已过期。',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    en: 'Too many wrong codes. Please request a new code.',
    zh: '错误次数过多，请重新获取验证码。',
  },
  CAPTCHA_REQUIRED: {
    status: 400,
    en: 'Please solve the picture puzzle first.',
    zh: '请先完成图形验证码。',
  },
  CAPTCHA_INVALID: {
    status: 400,
    en: 'The picture code was wrong or has expired. Please try a new one.',
    zh: '图形验证码错误或已过期，请重试。',
  },
  TOTP_INVALID: {
    status: 400,
    en: 'The authenticator code is incorrect.',
    zh: '动态验证码不正确。',
  },
  PASSKEY_REJECTED: {
    status: 400,
    en: 'This passkey could not be verified. Please try again or use another way to sign in.',
    zh: '无法验证此通行密钥，请重试或使用其他方式登录。',
  },
  CHALLENGE_EXPIRED: {
    status: 400,
    en: 'This request has expired. Please try again.',
    zh: '此请求已过期，请重试。',
  },
  PASSKEY_NOT_CONFIGURED: {
    status: 503,
    en: 'Passkeys are not set up on this server.',
    zh: '此服务器未启用通行密钥。',
  },
  EMAIL_NOT_CONFIGURED: {
    status: 503,
    en: 'Email delivery is not configured.',
    zh: '邮件服务未配置。',
  },
  AUTHORIZATION_PENDING: {
    status: 400,
    en: 'Waiting for the sign-in to be approved on your phone.',
    zh: '正在等待在手机上批准登录。',
  },
  SLOW_DOWN: {
    status: 429,
    en: 'Polling too fast. Please wait longer between tries.',
    zh: '查询过于频繁，请延长间隔后再试。',
  },
  ACCESS_DENIED: {
    status: 403,
    en: 'The sign-in was denied on the phone.',
    zh: '登录已在手机上被拒绝。',
  },
  EXPIRED_TOKEN: {
    status: 400,
    en: 'This sign-in code has expired or was already used. Please start again.',
    zh: '此登录码已过期或已被使用，请重新开始。',
  },
  NOT_FOUND: { status: 404, en: 'Not found.', zh: '未找到。' },
  METHOD_NOT_ALLOWED: { status: 405, en: 'This method is not allowed here.', zh: '不支持此请求方法。' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request is too large.', zh: '请求内容过大。' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'Send the request body as JSON (Content-Type: application/json).',
    zh: '请以 JSON 格式发送请求内容（Content-Type: application/json）。',
  },
  REMEMBER_ME_UNAVAILABLE: {
    status: 503,
    en: 'This computer has no secure key store (on Linux: no unlocked keyring), so Latchkey cannot keep you signed in. You will need to sign in each time.',
    zh: '此电脑没有安全的密钥存储（Linux 上需要已解锁的密钥环），因此无法保持登录状态，每次都需要重新登录。',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    en: 'The service is unavailable. Please try again later.',
    zh: '服务暂不可用，请稍后再试。',
  },
  INTERNAL: {
    status: 500,
    en: 'Something went wrong. Please try again.',
    zh: '出现错误，请重试。',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The error object every transport returns: tRPC in `error.data.error`, REST in the envelope. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Per-field messages for VALIDATION_ERROR, keyed by the field's dotted path. */
  details?: Record<string, string>;
  /** Machine-readable cause where one code covers several (e.g. `password_blocklisted`). */
  reason?: string;
  /** Seconds until a retry can succeed, for RATE_LIMITED and TOO_MANY_ATTEMPTS. */
  retryAfter?: number;
}

export function errorMessage(code: ErrorCode, locale: Locale = 'en'): string {
  return ERRORS[code][locale];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** Picks the best supported locale from an Accept-Language header or a BCP 47 tag. */
export function pickLocale(header: string | null | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'zh') return 'zh';
    if (base === 'en') return 'en';
  }
  return 'en';
}
