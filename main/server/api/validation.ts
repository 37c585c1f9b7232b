// Turns zod's issues into the contract's VALIDATION_ERROR: one human message per field path.
import type { ZodError } from 'zod';
import type { Locale } from '../../../shared/errors.ts';
import { fieldMessage, FIELD_MESSAGES, type FieldReason } from '../../../shared/validation-messages.ts';

export function fieldDetails(error: ZodError, locale: Locale): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details[[...issue.path, key].join('.')] ??= fieldMessage('unknown_field', locale);
      continue;
    }
    const path = issue.path.join('.') || 'input';
    details[path] ??= fieldMessage(reasonOf(issue), locale);
  }
  return details;
}

function reasonOf(issue: ZodError['issues'][number]): FieldReason {
  if (Object.hasOwn(FIELD_MESSAGES, issue.message)) return issue.message as FieldReason;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'invalid';
    case 'invalid_format':
      return issue.format === 'email' ? 'email' : 'invalid';
    case 'too_big':
      return 'too_long';
    case 'too_small':
      return issue.minimum === 1 && typeof issue.input === 'string' && issue.input.length === 0
        ? 'required'
        : 'too_short';
    default:
      return 'invalid';
  }
}
