// passkeys.origins: "Each must be the rpId or under it" (docs/configuration.md). An origin on
// another domain is a misconfiguration the server should refuse at start, not accept silently.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseConfig } from '../../../main/server/config.ts';

/** The issues parseConfig refuses `origins` with, as path and message. */
function refusal(origins: string[]): Array<{ path: PropertyKey[]; message: string }> {
  try {
    parseConfig({ passkeys: { rpId: 'example.com', origins } });
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('passkeys.origins', () => {
  it('refuses a web origin outside the rpId', () => {
    expect(refusal(['https://example.com', 'https://evil.example'])).toEqual([
      { path: ['passkeys', 'origins', 1], message: 'not example.com or under it' },
    ]);
    expect(refusal(['https://notexample.com'])).toEqual([
      { path: ['passkeys', 'origins', 0], message: 'not example.com or under it' },
    ]);
  });

  it('takes the rpId, its subdomains with any port, and the app:// origin', () => {
    const origins = ['https://example.com', 'https://login.example.com:8443', 'app://latchkey'];
    expect(parseConfig({ passkeys: { rpId: 'example.com', origins } }).passkeys.origins).toEqual(origins);
  });
});
