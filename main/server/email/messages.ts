// The code mails, in English and Chinese, as plain text and HTML. Each says which device asked for
// the code, so a person can spot a request that is not theirs. Device names come from the caller:
// control characters are dropped and HTML is escaped.
import type { Locale } from '../../../shared/errors.ts';
import type { Platform } from '../../../shared/schemas.ts';
import type { CodePurpose } from './codes.ts';
import type { MailNotice } from '../services.ts';

export interface RequestOrigin {
  deviceName?: string | undefined;
  platform?: Platform | undefined;
  ipAddress?: string | undefined;
}

export interface CodeMail {
  subject: string;
  text: string;
  html: string;
}

const PLATFORM_NAMES: Record<Platform, { en: string; zh: string }> = {
  ios: { en: 'iOS', zh: 'iOS' },
  android: { en: 'Android', zh: 'Android' },
  windows: { en: 'Windows', zh: 'Windows' },
  macos: { en: 'macOS', zh: 'macOS' },
  linux: { en: 'Linux', zh: 'Linux' },
  web: { en: 'a web browser', zh: '网页浏览器' },
};

interface Wording {
  subject: (app: string) => string;
  lead: string;
  expiry: (minutes: number) => string;
  origin: (device: string) => string;
  unnamed: string;
  address: (ip: string) => string;
  notYou: string;
}

/** What a mailed code is for: a stored code's purpose, or a pending email change's code. */
export type MailCodePurpose = CodePurpose | 'change_email';

const WORDING: Record<
  Locale,
  Record<MailCodePurpose, Pick<Wording, 'subject' | 'lead'>> & Omit<Wording, 'subject' | 'lead'>
> = {
  en: {
    login: { subject: (app) => `Your ${app} sign-in code`, lead: 'Your sign-in code is:' },
    verify_email: { subject: (app) => `Confirm your email for ${app}`, lead: 'Your email confirmation code is:' },
    reset_password: { subject: (app) => `Reset your ${app} password`, lead: 'Your password reset code is:' },
    change_email: {
      subject: (app) => `Confirm your new email for ${app}`,
      lead: 'To make this your account email, enter this code:',
    },
    expiry: (minutes) => `It expires in ${minutes} minutes and works once.`,
    origin: (device) => `Requested from ${device}`,
    unnamed: 'an unnamed device',
    address: (ip) => `, address ${ip}`,
    notYou: "If this wasn't you, ignore this email: nobody can use the code without reading it here.",
  },
  zh: {
    login: { subject: (app) => `您的${app}登录验证码`, lead: '您的登录验证码是：' },
    verify_email: { subject: (app) => `验证您在${app}的邮箱`, lead: '您的邮箱验证码是：' },
    reset_password: { subject: (app) => `重置您的${app}密码`, lead: '您的密码重置验证码是：' },
    change_email: { subject: (app) => `确认您在${app}的新邮箱`, lead: '要将此邮箱设为您的账户邮箱，请输入验证码：' },
    expiry: (minutes) => `验证码 ${minutes} 分钟内有效，仅可使用一次。`,
    origin: (device) => `请求来自${device}`,
    unnamed: '未命名的设备',
    address: (ip) => `，IP 地址 ${ip}`,
    notYou: '如果这不是您本人的操作，请忽略此邮件：没有看到此验证码的人无法使用它。',
  },
};

// eslint-disable-next-line no-control-regex
const printable = (value: string): string => value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The device a request came from, as a person reads it: `"Pixel 8" (Android)`, or a fallback. */
function describeDeviceName(locale: Locale, origin: RequestOrigin): string {
  const name = origin.deviceName ? printable(origin.deviceName) : '';
  const platform = origin.platform ? PLATFORM_NAMES[origin.platform][locale] : '';
  if (name && platform) return locale === 'zh' ? `“${name}”（${platform}）` : `"${name}" (${platform})`;
  if (name) return locale === 'zh' ? `“${name}”` : `"${name}"`;
  return platform || WORDING[locale].unnamed;
}

/** The device and, when known, its address: `"Pixel 8" (Android), address 203.0.113.7`. */
export function describeDevice(locale: Locale, origin: RequestOrigin): string {
  const ip = origin.ipAddress ? WORDING[locale].address(printable(origin.ipAddress)) : '';
  return `${describeDeviceName(locale, origin)}${ip}`;
}

function describeOrigin(locale: Locale, origin: RequestOrigin): string {
  const ip = origin.ipAddress ? WORDING[locale].address(printable(origin.ipAddress)) : '';
  return `${WORDING[locale].origin(describeDeviceName(locale, origin))}${ip}${locale === 'zh' ? '。' : '.'}`;
}

export function codeMail(input: {
  purpose: MailCodePurpose;
  locale: Locale;
  appName: string;
  code: string;
  ttlSeconds: number;
  origin: RequestOrigin;
}): CodeMail {
  const words = WORDING[input.locale];
  const { subject, lead } = words[input.purpose];
  const expiry = words.expiry(Math.max(1, Math.round(input.ttlSeconds / 60)));
  const origin = describeOrigin(input.locale, input.origin);
  const text = `${lead} ${input.code}\n\n${expiry}\n\n${origin}\n${words.notYou}\n`;
  const html = [
    '<!doctype html>',
    `<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5">`,
    `<p>${escapeHtml(lead)}</p>`,
    `<p style="font-size: 28px; font-family: monospace; letter-spacing: 4px"><strong>${input.code}</strong></p>`,
    `<p>${escapeHtml(expiry)}</p>`,
    `<p style="color: #555">${escapeHtml(origin)}<br>${escapeHtml(words.notYou)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: subject(printable(input.appName)), text, html };
}

/** A security notice (no code): the text part as given, the HTML part its escaped paragraphs. */
export function noticeMail(notice: MailNotice) {
  const paragraphs = notice.text.split(/\n{2,}/).map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`);
  return { ...notice, html: paragraphs.join('\n'), code: null };
}

const LINK_WORDING: Record<
  Locale,
  {
    subject: (app: string) => string;
    lead: string;
    button: string;
    codeLead: string;
    expiry: (linkMinutes: number, codeMinutes: number) => string;
    notYou: string;
  }
> = {
  en: {
    subject: (app) => `Your ${app} sign-in link`,
    lead: 'Open this link to sign in:',
    button: 'Sign in',
    codeLead: 'Or type this code on the device where you asked:',
    expiry: (link, code) =>
      `The link works for ${link} minutes and the code for ${code} minutes. Using either one uses up both.`,
    notYou: "If this wasn't you, ignore this email: nobody can use the link or the code without reading them here.",
  },
  zh: {
    subject: (app) => `您的${app}登录链接`,
    lead: '打开此链接即可登录：',
    button: '登录',
    codeLead: '或在发起请求的设备上输入此验证码：',
    expiry: (link, code) => `链接 ${link} 分钟内有效，验证码 ${code} 分钟内有效。使用其中任何一个，两者都将失效。`,
    notYou: '如果这不是您本人的操作，请忽略此邮件：没有看到此链接或验证码的人无法使用它们。',
  },
};

/** The magic-link mail: the link, and a sign-in code for the same request (another device can type it). */
export function magicLinkMail(input: {
  locale: Locale;
  appName: string;
  link: string;
  code: string;
  linkTtlSeconds: number;
  codeTtlSeconds: number;
  origin: RequestOrigin;
}): CodeMail {
  const words = LINK_WORDING[input.locale];
  const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
  const expiry = words.expiry(minutes(input.linkTtlSeconds), minutes(input.codeTtlSeconds));
  const origin = describeOrigin(input.locale, input.origin);
  const text = `${words.lead}\n${input.link}\n\n${words.codeLead} ${input.code}\n\n${expiry}\n\n${origin}\n${words.notYou}\n`;
  const link = escapeHtml(input.link);
  const html = [
    '<!doctype html>',
    `<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5">`,
    `<p>${escapeHtml(words.lead)}</p>`,
    `<p><a href="${link}" style="font-size: 18px"><strong>${escapeHtml(words.button)}</strong></a></p>`,
    `<p style="color: #555; word-break: break-all">${link}</p>`,
    `<p>${escapeHtml(words.codeLead)}</p>`,
    `<p style="font-size: 28px; font-family: monospace; letter-spacing: 4px"><strong>${input.code}</strong></p>`,
    `<p>${escapeHtml(expiry)}</p>`,
    `<p style="color: #555">${escapeHtml(origin)}<br>${escapeHtml(words.notYou)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: words.subject(printable(input.appName)), text, html };
}
