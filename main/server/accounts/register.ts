// auth.register: a new account with a password, signed in at once on the calling device.
import { randomUUID } from 'node:crypto';
import type { AuthResult } from '../../../shared/types.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { completeSignIn } from '../sessions/sign-in.ts';
import { admitRequest } from '../security/request-caps.ts';
import { hashNewPassword } from './new-password.ts';
import { createUser } from './create-user.ts';
import { findUserByEmail } from './users.ts';

export async function register(
  services: Services,
  input: { email: string; password: string; name: string; device?: DeviceInput | undefined },
  request: RequestInfo,
): Promise<AuthResult> {
  // A closed sign-up says so before any other check (auth.methods tells clients in advance).
  if (!services.config.registration.open) throw new AuthError('FORBIDDEN', { reason: 'registration_closed' });
  // Before anything costs a hash (R8, R44); taken emails count too, which also slows probing.
  admitRequest(services, 'register', request);
  // Registering a taken email answers CONFLICT (docs/security.md R47).
  if (findUserByEmail(services.db, input.email)) throw new AuthError('CONFLICT');
  const passwordHash = await hashNewPassword(services, input.password, { email: input.email, name: input.name });
  // The account and its audit record commit together; the session follows in its own transaction.
  const user = createUser(
    services,
    { uuid: randomUUID(), email: input.email, name: input.name, passwordHash, now: services.clock.now() },
    (created) => ({ type: 'user_registered', userId: created.id, details: { method: 'password' } }),
    request,
  );
  if (!user) throw new AuthError('CONFLICT'); // lost a race with a concurrent registration
  const signedIn = await completeSignIn(services, {
    user,
    sighting: deviceSighting(request, input.device),
    amr: ['pwd'],
    request,
  });
  // A new account has no second factor yet, so its first sign-in always completes.
  if (signedIn.requires2fa) throw new AuthError('INTERNAL');
  return signedIn;
}
