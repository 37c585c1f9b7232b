// The last step of every sign-in, whatever the first factor: ask the second-factor gate, then
// register the device, open a session and mint its tokens, all or nothing. What the client says
// about its device reaches the device row only then: never on the first factor alone. The
// session's commit also ends the account's failure streak, and a held (reported) account gets no
// session by any path, nor does a password sign-in whose password was replaced while it hashed.
import type { AuthResult, SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { AuditEntry } from '../security/audit.ts';
import { findUserById, toPublicUser, type UserRow } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { toIso } from '../clock.ts';
import { heldAccountError, heldFor } from '../security/account-hold.ts';
import {
  findOrAddDevice,
  isNewDeviceSignIn,
  toPublicDevice,
  upsertDevice,
  type DeviceRow,
  type DeviceSighting,
} from './devices.ts';
import { notifyAccountChange } from '../accounts/notices.ts';
import { createSession, toPublicSession, type SessionRow } from './sessions.ts';
import { issueRefreshToken, type IssuedRefreshToken } from './refresh-tokens.ts';

export interface SignInRequest {
  user: UserRow;
  sighting: DeviceSighting;
  /** Authentication methods used so far (RFC 8176 values: pwd, otp, totp…). */
  amr: string[];
  request: RequestInfo;
  totpCode?: string | undefined;
  /**
   * Audit entries of the first factor (login_succeeded…), committed with the session. When a
   * second factor is due, `login_succeeded` is recorded as `first_factor_succeeded` at once and as
   * `login_succeeded` only when the session opens.
   */
  audit?: AuditEntry[] | undefined;
  /** False for shared demo accounts: a sign-in from a new device is no news there. */
  newDeviceNotice?: boolean | undefined;
  /**
   * Throttle keys whose failure streak ends when the session opens, in its commit: only a finished
   * sign-in ends one, not a first factor with a second still due (docs/security.md R42).
   */
  streakKeys?: readonly string[] | undefined;
  /**
   * A password sign-in's stored hash, the one the password was checked against. The account was
   * read before that check's wait, so the session (or challenge) opens only if the account is
   * still active with this very hash: a reset or a disable during the wait wins.
   */
  passwordHash?: string | undefined;
}

const isLoginSucceeded = (entry: AuditEntry): boolean => entry.type === 'login_succeeded';

/** The first factor an amr names, as audit entries call it (RFC 8176 values → our method names). */
export function firstFactorMethod(amr: readonly string[]): string {
  if (amr.includes('pwd')) return 'password';
  if (amr.includes('otp')) return 'email_code';
  if (amr.includes('hwk') || amr.includes('swk')) return 'passkey';
  return amr[0] ?? 'unknown';
}

export async function completeSignIn(services: Services, input: SignInRequest): Promise<SignInResult> {
  const step = services.db.transaction(() => writeFirstStep(services, input)).immediate();
  return finishFirstStep(services, input, step);
}

/** What a sign-in's first commit wrote: the session, or the device a second factor will refer to. */
export type FirstStep = { rows: SessionRows } | { twoStepDevice: DeviceRow };

/**
 * Inside a transaction (the caller's, so its own writes share the commit): the session when no
 * second factor is due; otherwise the device, found or added but left as it is, since a challenge
 * or a trusted-device skip refers to it, and the log saying that only the first factor succeeded.
 */
export function writeFirstStep(services: Services, input: SignInRequest): FirstStep {
  const { db, clock } = services;
  if (!services.secondFactor.appliesTo(input.user.id))
    return { rows: writeSession(services, singleFactorSession(input)) };
  refuseStale(services, input);
  const firstFactor = (input.audit ?? []).map((entry) =>
    isLoginSucceeded(entry) ? { ...entry, type: 'first_factor_succeeded' } : entry,
  );
  recordAll(services, firstFactor, input.request);
  return { twoStepDevice: findOrAddDevice(db, input.user.id, input.sighting, clock.now()) };
}

/** After the commit of writeFirstStep(): the session's answer, or the second factor's gate. */
export async function finishFirstStep(
  services: Services,
  input: SignInRequest,
  step: FirstStep,
): Promise<SignInResult> {
  if ('rows' in step) return announceSession(services, singleFactorSession(input), step.rows);
  const { user, amr, request } = input;
  const device = step.twoStepDevice;
  const gate = await services.secondFactor.challenge({
    user,
    device,
    sighting: input.sighting,
    amr,
    totpCode: input.totpCode,
    request,
  });
  if (gate && 'requires2fa' in gate) return gate;
  // A code sent along, or a trusted device: the sign-in completes now, and the device facts apply.
  return openSession(services, {
    user,
    device: { sighting: { ...input.sighting, id: device.public_id } },
    amr: gate?.amr ?? amr,
    aal: gate?.aal ?? 1,
    request,
    audit: input.audit?.filter(isLoginSucceeded),
    newDeviceNotice: input.newDeviceNotice,
    streakKeys: input.streakKeys,
    passwordHash: input.passwordHash,
  });
}

export type SessionInput = Parameters<typeof openSession>[1];

const singleFactorSession = (input: SignInRequest): SessionInput => ({
  user: input.user,
  device: { sighting: input.sighting },
  amr: input.amr,
  aal: 1,
  request: input.request,
  audit: input.audit,
  newDeviceNotice: input.newDeviceNotice,
  streakKeys: input.streakKeys,
  passwordHash: input.passwordHash,
});

/** What opening a session wrote, and the account as it was when it did. */
export interface SessionRows {
  user: UserRow;
  device: DeviceRow;
  session: SessionRow;
  refresh: IssuedRefreshToken;
  newDevice: boolean;
}

/**
 * Opens a session and returns the full AuthResult. The device (registered here from a sighting,
 * or already known), the caller's audit entries, the session, its first refresh token and the
 * session_created entry are one transaction: one commit, one fsync, all or nothing.
 */
export async function openSession(
  services: Services,
  input: {
    user: UserRow;
    device: { row: DeviceRow } | { sighting: DeviceSighting };
    amr: string[];
    aal: number;
    /** When the user proved who they are, if not now (see createSession). */
    authTime?: number | undefined;
    request: RequestInfo;
    audit?: AuditEntry[] | undefined;
    newDeviceNotice?: boolean | undefined;
    streakKeys?: readonly string[] | undefined;
    passwordHash?: string | undefined;
  },
): Promise<AuthResult> {
  const rows = services.db.transaction(() => writeSession(services, input)).immediate();
  return announceSession(services, input, rows);
}

/** The writes of openSession(); run inside a transaction (a grant consumed in it commits with them). */
export function writeSession(services: Services, input: SessionInput): SessionRows {
  const { db, clock, lifetimes } = services;
  const { amr, request } = input;
  const now = clock.now();
  const user = refuseStale(services, input);
  recordAll(services, input.audit, request);
  services.throttle.clearFailures(input.streakKeys ?? []);
  const device = 'row' in input.device ? input.device.row : upsertDevice(db, user.id, input.device.sighting, now);
  const newDevice = isNewDeviceSignIn(db, device, now);
  const session = createSession(db, {
    userId: user.id,
    devicePk: device.pk,
    amr,
    aal: input.aal,
    now,
    absoluteMs: lifetimes.absoluteMs,
    authTime: input.authTime,
  });
  const refresh = issueRefreshToken(db, {
    sessionId: session.id,
    parentId: null,
    now,
    expiresAt: Math.min(now + lifetimes.idleMs, session.expires_at),
  });
  services.audit.record(
    {
      type: 'session_created',
      userId: user.id,
      sessionId: session.id,
      deviceId: device.public_id,
      details: { amr: amr.join(' ') },
    },
    request,
  );
  return { user, device, session, refresh, newDevice };
}

/** Once the session's rows are committed: the new-device notice, the live event and the tokens. */
export async function announceSession(services: Services, input: SessionInput, rows: SessionRows): Promise<AuthResult> {
  const { request } = input;
  const { user, device, session, refresh, newDevice } = rows;
  if (newDevice && input.newDeviceNotice !== false)
    await notifyAccountChange(services, user, 'new_device', request, device);
  services.events.emit('account', {
    userId: user.id,
    kind: 'session.created',
    sessionId: session.id,
    deviceId: device.public_id,
  });
  return buildAuthResult(services, { user, device, session, refresh });
}

/**
 * Throws inside the caller's transaction, so nothing of that sign-in commits: a held account, or a
 * password sign-in whose account changed while its password was being checked. Returns the account
 * as the session will see it: a password sign-in read it before its wait, and a new name or address
 * committed meanwhile belongs in its answer, id token and notices.
 */
function refuseStale(services: Services, input: { user: UserRow; passwordHash?: string | undefined }): UserRow {
  const user =
    input.passwordHash === undefined ? input.user : unchangedPassword(services, input.user.id, input.passwordHash);
  const retryAfter = heldFor(services, user);
  if (retryAfter > 0) throw heldAccountError(retryAfter);
  return user;
}

/** The account now, if still active with the checked hash; else the answers of a wrong password. */
function unchangedPassword(services: Services, userId: number, checkedHash: string): UserRow {
  const current = findUserById(services.db, userId);
  if (current?.status === 'active' && current.password_hash === checkedHash) return current;
  if (!services.config.revealAccountState) throw new AuthError('INVALID_CREDENTIALS');
  throw new AuthError(!current ? 'USER_NOT_FOUND' : current.status !== 'active' ? 'USER_INACTIVE' : 'INVALID_PASSWORD');
}

function recordAll(services: Services, entries: AuditEntry[] | undefined, request: RequestInfo): void {
  for (const entry of entries ?? []) services.audit.record(entry, request);
}

export async function buildAuthResult(
  services: Services,
  input: { user: UserRow; device: DeviceRow; session: SessionRow; refresh: IssuedRefreshToken },
): Promise<AuthResult> {
  const { user, device, session, refresh } = input;
  const amr = JSON.parse(session.amr) as string[];
  const claims = { userId: user.id, sessionId: session.id, devicePublicId: device.public_id, amr, aal: session.aal };
  const access = await services.tokens.issueAccessToken(claims);
  const idToken = await services.tokens.issueIdToken({
    ...claims,
    email: user.email,
    name: user.name,
    emailVerified: user.email_verified_at !== null,
    authTime: session.auth_time,
  });
  const now = services.clock.now();
  return {
    requires2fa: false,
    user: toPublicUser(user, services.userExtras(user.id)),
    device: toPublicDevice(device, device.pk, now),
    session: toPublicSession(session, device.public_id, session.id, services.lifetimes),
    tokens: {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: Math.round((access.expiresAt - now) / 1000),
      accessTokenExpiresAt: toIso(access.expiresAt),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: toIso(refresh.expiresAt),
      idToken,
      tokenId: access.jti,
    },
  };
}
