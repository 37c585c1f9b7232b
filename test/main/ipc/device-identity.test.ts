// Over IPC the device is this machine, as main knows it (docs/architecture.md).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstallationId, machineDevice, platformOf } from '../../../main/ipc/device-identity.ts';
import { tempDir } from '../../helpers/server.ts';

describe('machine identity', () => {
  it('maps process.platform onto the contract’s platforms', () => {
    expect(['darwin', 'win32', 'linux', 'freebsd', 'aix'].map(platformOf)).toEqual([
      'macos',
      'windows',
      'linux',
      undefined,
      undefined,
    ]);
  });

  it('keeps one random installation id in userData (0600), replacing a damaged one', () => {
    const path = join(tempDir(), 'installation-id');
    const id = loadInstallationId(path);
    expect(id).toMatch(/^ins_[\w-]{22}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadInstallationId(path)).toBe(id);
    writeFileSync(path, '../../etc/passwd');
    const replaced = loadInstallationId(path);
    expect(replaced).not.toBe(id);
    expect(readFileSync(path, 'utf8').trim()).toBe(replaced);
  });

  it('fits host name and OS version into the device schema', () => {
    const device = machineDevice({
      installationId: 'ins_abcdefghijklmnopqrstuv',
      nodePlatform: 'win32',
      hostname: `  ${'h'.repeat(300)}  `,
      osVersion: '10.0.22631',
      appVersion: '0.1.0',
      locale: 'zh-CN',
    });
    expect(device).toEqual({
      id: 'ins_abcdefghijklmnopqrstuv',
      platform: 'windows',
      name: 'h'.repeat(100),
      osVersion: '10.0.22631',
      appVersion: '0.1.0',
      locale: 'zh-CN',
    });
  });
});
