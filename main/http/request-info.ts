// What an HTTP request tells the router (RequestInfo): bearer token, device headers, user agent,
// language and the peer address. X-Forwarded-For counts only when the peer is a trusted proxy.
import type { IncomingMessage } from 'node:http';
import { pickLocale } from '../../shared/errors.ts';
import { deviceInputSchema, type DeviceInput } from '../../shared/schemas.ts';
import { fieldMessage } from '../../shared/validation-messages.ts';
import type { RequestInfo } from '../server/request.ts';
import { AuthError } from '../server/errors.ts';

const DEVICE_HEADERS = {
  'x-device-id': 'id',
  'x-device-platform': 'platform',
  'x-device-name': 'name',
  'x-device-os-version': 'osVersion',
  'x-device-app-version': 'appVersion',
  'x-device-fingerprint': 'fingerprint',
  'x-device-trust': 'trustToken',
} as const satisfies Record<string, keyof DeviceInput>;

const MAX_USER_AGENT = 512;

/** Strips the IPv4-mapped prefix so one client has one address in throttles and audit rows. */
export function normalizeAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1];
}

/** The client's address: the peer, or the last untrusted hop when the peer is a trusted proxy. */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string | undefined {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (!peer || !trustedProxies.has(peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .filter((hop): hop is string => !!hop);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trustedProxies.has(hop)) return hop.slice(0, 64);
  }
  return peer;
}

function deviceFromHeaders(req: IncomingMessage, acceptLanguage: string | undefined): DeviceInput | undefined {
  const raw: Record<string, string> = {};
  for (const [header, field] of Object.entries(DEVICE_HEADERS)) {
    const value = req.headers[header];
    if (typeof value === 'string' && value.trim() !== '') raw[field] = value;
  }
  const locale = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  if (locale && locale !== '*') raw.locale = locale.slice(0, 35);
  if (Object.keys(raw).length === 0) return undefined;
  const parsed = deviceInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details: Record<string, string> = {};
  const headerOf = Object.fromEntries(Object.entries(DEVICE_HEADERS).map(([header, field]) => [field, header]));
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    details[`headers.${headerOf[field] ?? 'accept-language'}`] = fieldMessage('invalid', pickLocale(acceptLanguage));
  }
  throw new AuthError('VALIDATION_ERROR', { details });
}

export function requestInfo(
  req: IncomingMessage,
  trustedProxies: ReadonlySet<string>,
  scheme: 'http' | 'https' = 'http',
): RequestInfo {
  const acceptLanguage = req.headers['accept-language'];
  // The server admitted the Host header against its own names before any procedure runs.
  const host = req.headers.host?.toLowerCase();
  return {
    transport: 'http',
    origin: host ? `${scheme}://${host}` : undefined,
    locale: pickLocale(acceptLanguage),
    ipAddress: clientAddress(req, trustedProxies),
    userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT),
    device: deviceFromHeaders(req, acceptLanguage),
    accessToken: bearerToken(req),
  };
}
