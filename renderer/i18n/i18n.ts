// The screens' language: from ?lang=, else the saved choice, else the browser or system; switchable
// at run time. Copy lives in strings.ts; server error codes come from shared/errors.ts.
import { errorMessage, LOCALES, pickLocale, type ApiError, type Locale } from '../../shared/errors.ts';
import { fieldMessage, FIELD_MESSAGES, type FieldReason } from '../../shared/validation-messages.ts';
import { STRINGS, type StringKey } from './strings.ts';

const LOCALE_KEY = 'latchkey.locale';
const listeners = new Set<() => void>();
let current: Locale = initialLocale();

function chosenLocale(): Locale | undefined {
  try {
    const param = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
    if (param) return pickLocale(param);
    const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // No storage: fall through to the browser's languages.
  }
  return undefined;
}

function initialLocale(): Locale {
  return chosenLocale() ?? pickLocale(globalThis.navigator?.languages?.join(',') ?? globalThis.navigator?.language);
}

/** The system's language (Electron's app locale) when the person has not chosen one here. */
export function adoptSystemLocale(tag: string | undefined): void {
  if (!tag || chosenLocale()) return;
  current = pickLocale(tag);
  for (const listener of listeners) listener();
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  } catch {
    // The choice lasts for this page only.
  }
  if (globalThis.document) document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A copy string with {placeholders} filled in. */
export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  return STRINGS[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Causes the screens word more precisely than their code's message (one code, several causes). */
const REASON_TEXT: Record<string, StringKey> = {
  recovery_code_invalid: 'totp.recoveryInvalid',
};

/** The human message for an API error in the current language (never the server's raw text). */
export function errorText(error: ApiError): string {
  const byReason = error.reason && Object.hasOwn(REASON_TEXT, error.reason) ? REASON_TEXT[error.reason] : undefined;
  return byReason ? t(byReason) : errorMessage(error.code, current);
}

/** Per-field messages of a VALIDATION_ERROR, or a field-level reason such as password_blocklisted. */
export function fieldText(reason: string, params: Record<string, string | number> = {}): string {
  return Object.hasOwn(FIELD_MESSAGES, reason)
    ? fieldMessage(reason as FieldReason, current, params)
    : fieldMessage('invalid', current);
}

/** Relative time for "last seen": "just now", "5 min ago", then a date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  // A server clock slightly ahead of this one must not read as "in 2 minutes".
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  const format = new Intl.RelativeTimeFormat(current === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return t('time.justNow');
  if (Math.abs(seconds) < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return format.format(-Math.round(seconds / 3600), 'hour');
  if (Math.abs(seconds) < 30 * 86_400) return format.format(-Math.round(seconds / 86_400), 'day');
  return new Intl.DateTimeFormat(current === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium' }).format(then);
}

/** A moment as date and time in the screen's language ("Mar 5, 2026, 9:41 AM"). */
export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(current === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(
    Date.parse(iso),
  );
}

/** "1:05" for a countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
