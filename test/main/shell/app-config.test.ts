// The Electron app's configuration file: validated at start-up, the database always main's own,
// demo accounts only in dev mode.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_DEMO_ACCOUNT, loadAppConfig, serverConfig, withDevDemoAccounts } from '../../../main/shell/app-config.ts';
import { parseConfig } from '../../../main/server/config.ts';
import { tempDir } from '../../helpers/server.ts';

describe('app config', () => {
  it('defaults to a normal window, no HTTP port, no external links', () => {
    expect(loadAppConfig(join(tempDir(), 'missing.json'))).toEqual({
      kiosk: false,
      idleMinutes: 5,
      externalLinks: [],
      httpTransport: false,
      server: {},
    });
  });

  it('refuses unknown options and non-https links with a clear message', () => {
    const file = join(tempDir(), 'latchkey.config.json');
    writeFileSync(file, JSON.stringify({ kiosk: true, externalLinks: ['http://example.com/'] }));
    expect(() => loadAppConfig(file)).toThrow(/externalLinks/);
    writeFileSync(file, JSON.stringify({ kioskMode: true }));
    expect(() => loadAppConfig(file)).toThrow(/kioskMode/);
  });

  it('keeps the database in userData and adds the demo account only in dev mode', () => {
    const file = join(tempDir(), 'latchkey.config.json');
    writeFileSync(file, JSON.stringify({ kiosk: true, server: { database: '/tmp/elsewhere.db', appName: 'Lobby' } }));
    const config = loadAppConfig(file);
    const prod = parseConfig(serverConfig(config, { database: '/profile/latchkey.db', devMode: false }));
    expect(prod).toMatchObject({ database: '/profile/latchkey.db', devMode: false, appName: 'Lobby' });
    expect(prod.email.demoAccounts).toEqual([]);
    const dev = parseConfig(serverConfig(config, { database: '/profile/latchkey.db', devMode: true }));
    expect(dev.email.demoAccounts).toEqual([DEV_DEMO_ACCOUNT]);
  });

  it('adds the demo account to configured ones without changing the rest (npm start uses the same)', () => {
    const kiosk = { email: 'kiosk@example.com', code: '000111' };
    const server = { appName: 'Lobby', email: { demoAccounts: [kiosk], codeTtlSeconds: 300 } };
    expect(withDevDemoAccounts(server)).toEqual({
      appName: 'Lobby',
      email: { demoAccounts: [kiosk, DEV_DEMO_ACCOUNT], codeTtlSeconds: 300 },
    });
    expect(server.email.demoAccounts).toEqual([kiosk]);
    expect(withDevDemoAccounts({})).toEqual({ email: { demoAccounts: [DEV_DEMO_ACCOUNT] } });
  });

  it('adds the app:// origin to passkeys.origins when a relying party is configured', () => {
    const withRp = { server: { passkeys: { rpId: 'example.com', origins: ['https://example.com'] } } };
    const parsed = parseConfig(serverConfig(withRp as never, { database: ':memory:', devMode: false }));
    expect(parsed.passkeys.origins).toEqual(['https://example.com', 'app://latchkey']);
    const without = parseConfig(serverConfig({ server: {} } as never, { database: ':memory:', devMode: false }));
    expect(without.passkeys.origins).toEqual([]);
  });
});
