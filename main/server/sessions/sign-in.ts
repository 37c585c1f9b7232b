// The last step of every sign-in, whatever the first factor: ask the second-factor gate, then
// register the device, open a session and mint its tokens, all or nothing.
import type { AuthResult, SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../api/context.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';
import { toPublicUser } from '../accounts/users.ts';
import { toIso } from '../clock.ts';
import { toPublicDevice, upsertDevice, type DeviceRow, type DeviceSighting } from './devices.ts';
import { createSession, toPublicSession, type SessionRow } from './sessions.ts';
import { issueRefreshToken, type IssuedRefreshToken } from './refresh-tokens.ts';

export interface SignInRequest {
  user: UserRow;
  sighting: DeviceSighting;
  /** Authentication methods used so far (RFC 8176 values: pwd, otp, totp…). */
  amr: string[];
  request: RequestInfo;
  totpCode?: string | undefined;
}

export async function completeSignIn(services: Services, input: SignInRequest): Promise<SignInResult> {
  const { db, clock } = services;
  const device = upsertDevice(db, input.user.id, input.sighting, clock.now());
  let amr = input.amr;
  let aal = 1;
  if (services.secondFactor) {
    const gate = await services.secondFactor.challenge({
      user: input.user,
      device,
      amr,
      totpCode: input.totpCode,
      request: input.request,
    });
    if (gate && 'requires2fa' in gate) return gate;
    if (gate) ({ amr, aal } = gate);
  }
  return openSession(services, { user: input.user, device, amr, aal, request: input.request });
}

/** Opens a session on a registered device and returns the full AuthResult. */
export async function openSession(
  services: Services,
  input: { user: UserRow; device: DeviceRow; amr: string[]; aal: number; request: RequestInfo },
): Promise<AuthResult> {
  const { db, clock, lifetimes } = services;
  const now = clock.now();
  const { session, refresh } = db
    .transaction(() => {
      const session = createSession(db, {
        userId: input.user.id,
        devicePk: input.device.pk,
        amr: input.amr,
        aal: input.aal,
        now,
        absoluteMs: lifetimes.absoluteMs,
      });
      const refresh = issueRefreshToken(db, {
        sessionId: session.id,
        parentId: null,
        now,
        expiresAt: Math.min(now + lifetimes.idleMs, session.expires_at),
      });
      return { session, refresh };
    })
    .immediate();
  services.audit.record(
    {
      type: 'session_created',
      userId: input.user.id,
      sessionId: session.id,
      deviceId: input.device.public_id,
      details: { amr: input.amr.join(' ') },
    },
    input.request,
  );
  services.events.emit('account', {
    userId: input.user.id,
    kind: 'session.created',
    sessionId: session.id,
    deviceId: input.device.public_id,
  });
  return buildAuthResult(services, { user: input.user, device: input.device, session, refresh });
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
