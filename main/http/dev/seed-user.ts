// Dev mode's user seeding. With `totp: true` it enrolls an authenticator through the public
// totp.* procedures (docs/architecture.md), exactly as a client would, on a throwaway session; the
// secret and recovery codes come back so a test can produce codes like an authenticator app.
import * as z from 'zod';
import { emailSchema, nameSchema, passwordInputSchema, USER_ROLES } from '../../../shared/schemas.ts';
import type { RecoveryCodes, TotpEnrollment } from '../../../shared/types.ts';
import type { AuthServer } from '../../server/server.ts';
import type { RequestInfo } from '../../server/request.ts';
import { findUserById } from '../../server/accounts/users.ts';
import { upsertDevice } from '../../server/sessions/devices.ts';
import { openSession } from '../../server/sessions/sign-in.ts';
import { decodeBase32, totpCodeAt } from '../../server/totp/totp-code.ts';

export const seedUserInput = z.strictObject({
  email: emailSchema,
  password: passwordInputSchema.optional(),
  name: nameSchema.optional(),
  role: z.enum(USER_ROLES).default('user'),
  totp: z.literal(true).optional(),
});
export type SeedUserInput = z.output<typeof seedUserInput>;

export async function seedUser(auth: AuthServer, input: SeedUserInput, request: RequestInfo) {
  const admin = auth.adminCaller();
  const user = await admin.admin.users.create({
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    role: input.role,
    emailVerified: true,
    ...(input.password ? { password: input.password } : {}),
  });
  if (!input.totp) return { user };
  const totp = await enrollTotp(auth, user.id, request);
  return { user: await admin.admin.users.get({ userId: user.id }), totp };
}

/** Signs the user in on a throwaway device, enrolls and confirms TOTP, then removes the device. */
async function enrollTotp(auth: AuthServer, userId: number, request: RequestInfo) {
  const { services } = auth;
  const user = findUserById(services.db, userId)!;
  const device = upsertDevice(services.db, userId, { name: 'dev seed' }, services.clock.now());
  try {
    const signedIn = await openSession(services, { user, device: { row: device }, amr: ['pwd'], aal: 1, request });
    const caller = auth.caller({ ...request, accessToken: signedIn.tokens.accessToken });
    const enrollment: TotpEnrollment = await caller.totp.beginEnrollment();
    const code = await totpCodeAt(decodeBase32(enrollment.secret), services.clock.now());
    const confirmed: RecoveryCodes = await caller.totp.confirmEnrollment({ code });
    return { secret: enrollment.secret, otpauthUri: enrollment.otpauthUri, recoveryCodes: confirmed.recoveryCodes };
  } finally {
    // Its session and refresh tokens go with it (ON DELETE CASCADE).
    services.db.prepare('DELETE FROM devices WHERE pk = ?').run(device.pk);
  }
}
