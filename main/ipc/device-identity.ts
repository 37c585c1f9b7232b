// This machine's identity, which main vouches for on every IPC call (docs/architecture.md): the renderer
// cannot send its own. The installation id is random, made once, and kept in userData.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deviceInputSchema, type DeviceInput, type Platform } from '../../shared/schemas.ts';
import { randomId } from '../server/crypto/random.ts';

const PLATFORM_BY_NODE: Record<string, Platform> = {
  darwin: 'macos',
  win32: 'windows',
  linux: 'linux',
  android: 'android',
};

/** `process.platform` in the contract's platform enum; undefined for platforms it has no name for. */
export function platformOf(nodePlatform: string): Platform | undefined {
  return PLATFORM_BY_NODE[nodePlatform];
}

const INSTALLATION_ID = /^ins_[\w-]{16,64}$/;

/** Reads the installation id, creating it (0600) on first run; a damaged file is replaced. */
export function loadInstallationId(path: string): string {
  if (existsSync(path)) {
    const saved = readFileSync(path, 'utf8').trim();
    if (INSTALLATION_ID.test(saved)) return saved;
  }
  const id = randomId('ins');
  writeFileSync(path, `${id}\n`, { mode: 0o600 });
  return id;
}

export interface MachineFacts {
  installationId: string;
  /** `process.platform`. */
  nodePlatform: string;
  hostname: string;
  osVersion: string;
  appVersion: string;
  locale?: string | undefined;
}

const clip = (value: string, max: number): string | undefined => value.trim().slice(0, max) || undefined;

/** The device every IPC call is attributed to, within the limits of the device schema. */
export function machineDevice(facts: MachineFacts): DeviceInput {
  return deviceInputSchema.parse({
    id: facts.installationId,
    platform: platformOf(facts.nodePlatform),
    name: clip(facts.hostname, 100),
    osVersion: clip(facts.osVersion, 64),
    appVersion: clip(facts.appVersion, 64),
    locale: clip(facts.locale ?? '', 35),
  });
}
