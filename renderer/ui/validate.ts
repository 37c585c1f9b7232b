// Live validation with the server's own schemas (shared/schemas.ts), worded in the screen's language.
import { emailSchema, nameSchema, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';
import { fieldText } from '../i18n/i18n.ts';

export function emailError(value: string): string | undefined {
  if (!value.trim()) return fieldText('required');
  return emailSchema.safeParse(value).success ? undefined : fieldText('email');
}

export function nameError(value: string): string | undefined {
  if (!value.trim()) return fieldText('required');
  return nameSchema.safeParse(value).success ? undefined : fieldText('too_long');
}

export function requiredError(value: string): string | undefined {
  return value ? undefined : fieldText('required');
}

/** Length rules of a new password; strength (the blocklist) is judged by password-strength.ts. */
export function newPasswordError(value: string): string | undefined {
  const length = [...value.normalize('NFKC')].length;
  if (length === 0) return fieldText('required');
  if (length < PASSWORD_MIN_LENGTH) return fieldText('password_too_short', { min: PASSWORD_MIN_LENGTH });
  if (length > PASSWORD_MAX_LENGTH) return fieldText('password_too_long', { max: PASSWORD_MAX_LENGTH });
  return undefined;
}
