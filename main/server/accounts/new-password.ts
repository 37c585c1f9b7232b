// A password someone is choosing (registration, set, change): policy first, then hash.
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { checkPassword, type PasswordContext } from './password-policy.ts';

export async function hashNewPassword(services: Services, password: string, context: PasswordContext): Promise<string> {
  const { minLength, maxLength } = services.config.password;
  const verdict = checkPassword(password, { minLength, maxLength }, { ...context, appName: services.config.appName });
  if (!verdict.ok) {
    throw new AuthError('VALIDATION_ERROR', {
      reason: verdict.reason,
      ...(verdict.params ? { params: verdict.params } : {}),
    });
  }
  return services.hasher.hash(password);
}
