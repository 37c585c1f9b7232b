// Dev mode's user seeding. With `totp: true` it enrolls an authenticator through the public
// totp.* procedures (docs/architecture.md), exactly as a client would, on a throwaway session; the
// secret and recovery codes come back so a test can produce codes like an authenticator app.
// The procedures are reached through callers the router hands in (SeedCallers): the domain never
// imports the router.
import type { SeedUserInput, UserRole } from '../../../shared/schemas.ts';
import type { PublicUser, RecoveryCodes, TotpEnrollment } from '../../../shared/types.ts';
import type { Services } from '../services.ts';
import type { RequestInfo } from '../request.ts';
import { findUserById } from '../accounts/users.ts';
import { upsertDevice } from '../sessions/devices.ts';
import { openSession } from '../sessions/sign-in.ts';
import { decodeBase32, totpCodeAt } from '../totp/totp-code.ts';

/** The procedures seeding goes through: the in-process admin caller, and a caller for one access token. */
export interface SeedCallers {
  admin: {
    admin: {
      users: {
        create(input: {
          email: string;
          name: string;
          role: UserRole;
          emailVerified: boolean;
          password?: string;
        }): Promise<PublicUser>;
        get(input: { userId: number }): Promise<PublicUser>;
      };
    };
  };
  withToken(accessToken: string): {
    totp: {
      beginEnrollment(): Promise<TotpEnrollment>;
      confirmEnrollment(input: { code: string }): Promise<RecoveryCodes>;
    };
  };
}

export async function seedUser(services: Services, callers: SeedCallers, input: SeedUserInput, request: RequestInfo) {
  const { admin } = callers.admin;
  const user = await admin.users.create({
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    role: input.role,
    emailVerified: true,
    ...(input.password ? { password: input.password } : {}),
  });
  if (!input.totp) return { user };
  const totp = await enrollTotp(services, callers, user.id, request);
  return { user: await admin.users.get({ userId: user.id }), totp };
}

/** Signs the user in on a throwaway device, enrolls and confirms TOTP, then removes the device. */
async function enrollTotp(services: Services, callers: SeedCallers, userId: number, request: RequestInfo) {
  const user = findUserById(services.db, userId)!;
  const device = upsertDevice(services.db, userId, { name: 'dev seed' }, services.clock.now());
  try {
    const signedIn = await openSession(services, { user, device: { row: device }, amr: ['pwd'], aal: 1, request });
    const caller = callers.withToken(signedIn.tokens.accessToken);
    const enrollment = await caller.totp.beginEnrollment();
    const code = await totpCodeAt(decodeBase32(enrollment.secret), services.clock.now());
    const confirmed = await caller.totp.confirmEnrollment({ code });
    return { secret: enrollment.secret, otpauthUri: enrollment.otpauthUri, recoveryCodes: confirmed.recoveryCodes };
  } finally {
    // Its session and refresh tokens go with it (ON DELETE CASCADE).
    services.db.prepare('DELETE FROM devices WHERE pk = ?').run(device.pk);
  }
}
