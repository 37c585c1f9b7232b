// passkeys.origins: "Each must be the rpId or under it" (docs/configuration.md). An origin on
// another domain is a misconfiguration the server should refuse at start, not accept silently.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/server/config.ts';

describe('passkeys.origins', () => {
  it('refuses a web origin outside the rpId', () => {
    expect(() => parseConfig({ passkeys: { rpId: 'example.com', origins: ['https://evil.example'] } })).toThrow();
    expect(() => parseConfig({ passkeys: { rpId: 'example.com', origins: ['https://notexample.com'] } })).toThrow();
  });

  it('takes the rpId, its subdomains with any port, and the app:// origin', () => {
    const origins = ['https://example.com', 'https://login.example.com:8443', 'app://latchkey'];
    expect(parseConfig({ passkeys: { rpId: 'example.com', origins } }).passkeys.origins).toEqual(origins);
  });
});
