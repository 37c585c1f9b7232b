// The deep-link decision under Node: only our scheme's auth/magic link with a well-formed token is
// taken, from a URL (macOS open-url) or from launch arguments (Windows, Linux).
import { describe, expect, it } from 'vitest';
import {
  MAX_DEEP_LINK_LENGTH,
  deepLinkFromArgv,
  magicLandingUrl,
  parseDeepLink,
  protocolClientArgs,
} from '../../../main/shell/deep-link.ts';

const TOKEN = 'A'.repeat(20) + '_-' + 'b'.repeat(21);
const LINK = `latchkey://auth/magic?token=${TOKEN}`;

describe('deep links', () => {
  it('takes a magic link of the configured scheme', () => {
    expect(parseDeepLink(LINK, 'latchkey')).toEqual({ kind: 'magic', token: TOKEN });
    expect(parseDeepLink(`acme://auth/magic?token=${TOKEN}`, 'acme')).toEqual({ kind: 'magic', token: TOKEN });
  });

  it('ignores other schemes, hosts, paths, parameters and malformed tokens', () => {
    const ignored = [
      `acme://auth/magic?token=${TOKEN}`,
      `https://auth/magic?token=${TOKEN}`,
      ` latchkey://auth/magic?token=${TOKEN}`,
      `latchkey://evil/magic?token=${TOKEN}`,
      `latchkey://auth/other?token=${TOKEN}`,
      `latchkey://auth/magic/extra?token=${TOKEN}`,
      `latchkey://auth/magic?token=${TOKEN}&next=https://evil.test`,
      `latchkey://auth/magic?token=${TOKEN}&token=${TOKEN}`,
      `latchkey://auth/magic?token=${TOKEN}#frag`,
      `latchkey://user@auth/magic?token=${TOKEN}`,
      `latchkey://auth:99/magic?token=${TOKEN}`,
      'latchkey://auth/magic?token=short',
      `latchkey://auth/magic?token=${TOKEN}x`,
      `latchkey://auth/magic?token=${TOKEN.slice(1)}%2F`,
      'latchkey://auth/magic',
      `latchkey://auth/magic?token=${TOKEN}${'&a=1'.repeat(MAX_DEEP_LINK_LENGTH)}`,
      'latchkey:',
      42,
      undefined,
    ];
    for (const input of ignored) expect([input, parseDeepLink(input, 'latchkey')]).toEqual([input, { kind: 'ignore' }]);
    expect(parseDeepLink(LINK, 'Not A Scheme')).toEqual({ kind: 'ignore' });
  });

  it('finds the link among launch arguments, switches or not', () => {
    const argv = ['/opt/Latchkey/latchkey', '--no-sandbox', '--allow-file-access-from-files', LINK];
    expect(deepLinkFromArgv(argv, 'latchkey')).toEqual({ kind: 'magic', token: TOKEN });
    expect(deepLinkFromArgv(['/opt/Latchkey/latchkey', '--hidden'], 'latchkey')).toEqual({ kind: 'ignore' });
    // The first argument in our scheme decides: a bad one is not skipped for a later good one.
    expect(deepLinkFromArgv(['app', 'latchkey://evil/x', LINK], 'latchkey')).toEqual({ kind: 'ignore' });
  });

  it('registers with the app folder when unpackaged, and lands on the screens with the token', () => {
    expect(protocolClientArgs({ scheme: 'latchkey', defaultApp: false, execPath: '/e', appPath: '/a' })).toEqual([
      'latchkey',
    ]);
    expect(protocolClientArgs({ scheme: 'latchkey', defaultApp: true, execPath: '/e', appPath: '/a' })).toEqual([
      'latchkey',
      '/e',
      ['/a'],
    ]);
    expect(magicLandingUrl('app://latchkey/index.html', TOKEN)).toBe(
      `app://latchkey/index.html?magicLinkToken=${TOKEN}`,
    );
  });
});
