// Dev mode's user seeding. With `totp: true` it enrolls an authenticator through the public
// totp.* procedures (DESIGN.md §4.1) when this build has them, so the seed needs no private hook
// into the TOTP feature; the secret comes back for the test to generate codes with.
import { generate } from 'otplib';
import type { AuthServer } from '../../server/server.ts';
import type { RequestInfo } from '../../server/api/context.ts';
import { AuthError } from '../../server/errors.ts';
import { findUserById } from '../../server/accounts/users.ts';
import { upsertDevice } from '../../server/sessions/devices.ts';
import { openSession } from '../../server/sessions/sign-in.ts';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import { procedureAt } from '../rest/dispatch.ts';

export interface SeedUserInput {
  email: string;
  password?: string | undefined;
  name?: string | undefined;
  role: 'user' | 'admin';
  totp?: boolean | undefined;
}

const TOTP_PROCEDURES = ['totp.beginEnrollment', 'totp.confirmEnrollment'];

export async function seedUser(auth: AuthServer, input: SeedUserInput, request: RequestInfo) {
  const totpAvailable = TOTP_PROCEDURES.every((path) => procedureAt(auth, path));
  if (input.totp && !totpAvailable) {
    throw new AuthError('VALIDATION_ERROR', { details: { totp: fieldMessage('invalid', request.locale) } });
  }
  const user = await auth.adminCaller().admin.users.create({
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    role: input.role,
    emailVerified: true,
    ...(input.password ? { password: input.password } : {}),
  });
  if (!input.totp) return { user };
  const totp = await enrollTotp(auth, user.id, request);
  return { user: { ...user, totpEnabled: true }, totp };
}

interface Enrollment {
  secret: string;
  otpauthUri?: string;
}

/** Signs the user in on a throwaway device, enrolls and confirms TOTP, then removes the device. */
async function enrollTotp(auth: AuthServer, userId: number, request: RequestInfo) {
  const { services } = auth;
  const user = findUserById(services.db, userId)!;
  const device = upsertDevice(services.db, userId, { name: 'dev seed' }, services.clock.now());
  try {
    const signedIn = await openSession(services, { user, device, amr: ['pwd'], aal: 1, request });
    const caller = auth.caller({ ...request, accessToken: signedIn.tokens.accessToken }) as unknown as {
      totp: { beginEnrollment(): Promise<Enrollment>; confirmEnrollment(i: { code: string }): Promise<object> };
    };
    const enrollment = await caller.totp.beginEnrollment();
    const code = await generate({ secret: enrollment.secret, epoch: Math.floor(services.clock.now() / 1000) });
    const confirmed = await caller.totp.confirmEnrollment({ code });
    return { secret: enrollment.secret, otpauthUri: enrollment.otpauthUri, ...confirmed };
  } finally {
    services.db.prepare('DELETE FROM devices WHERE pk = ?').run(device.pk);
  }
}
