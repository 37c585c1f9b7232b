// A password someone is choosing (registration, set, change, reset): policy first, then hash.
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { checkPassword, type PasswordContext } from './password-policy.ts';

export async function hashNewPassword(services: Services, password: string, context: PasswordContext): Promise<string> {
  requireAcceptablePassword(services, password, context);
  return services.hasher.hash(password);
}

/** Throws VALIDATION_ERROR, with the policy's reason, for a password the policy refuses. */
export function requireAcceptablePassword(services: Services, password: string, context: PasswordContext): void {
  const { minLength, maxLength } = services.config.password;
  const verdict = checkPassword(password, { minLength, maxLength }, { ...context, appName: services.config.appName });
  if (!verdict.ok) {
    throw new AuthError('VALIDATION_ERROR', {
      reason: verdict.reason,
      ...(verdict.params ? { params: verdict.params } : {}),
    });
  }
}
