// How a launch runs: overrides from flags and environment only for an unpackaged app.
import { describe, expect, it } from 'vitest';
import { launchSettings } from '../../../main/shell/launch-settings.ts';

const everything = {
  argv: ['/opt/Latchkey/latchkey', '--dev'],
  env: { LATCHKEY_DEV: '1', LATCHKEY_CONFIG: '/tmp/evil.json', LATCHKEY_USER_DATA: '/tmp/profile' },
};

describe('launch settings', () => {
  it('a packaged app ignores every dev flag and override', () => {
    expect(launchSettings({ isPackaged: true, ...everything })).toEqual({ dev: false });
  });

  it('an unpackaged app takes them', () => {
    expect(launchSettings({ isPackaged: false, ...everything })).toEqual({
      dev: true,
      configFile: '/tmp/evil.json',
      userData: '/tmp/profile',
    });
    expect(launchSettings({ isPackaged: false, argv: ['electron', '.', '--dev'], env: {} })).toEqual({ dev: true });
    expect(launchSettings({ isPackaged: false, argv: ['electron', '.'], env: { LATCHKEY_DEV: '0' } })).toEqual({
      dev: false,
    });
  });
});
