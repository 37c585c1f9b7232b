// How this launch of the app runs, decided from the command line and environment before anything
// else. Only an unpackaged app (`npm start`, the test suites) takes overrides: a packaged app always
// runs in production mode on its own profile and reads its config only from userData, whatever
// the environment says, so nobody who can set a variable or a flag turns on the dev inbox.
export interface LaunchSettings {
  /** Dev mode: dev outbox over IPC, the demo account, DevTools, a `Latchkey (dev)` profile. */
  dev: boolean;
  /** Another profile folder (LATCHKEY_USER_DATA: the real-Electron suite runs each launch in its own). */
  userData?: string;
  /** The app config file (LATCHKEY_CONFIG) instead of userData/latchkey.config.json. */
  configFile?: string;
}

export function launchSettings(input: {
  isPackaged: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}): LaunchSettings {
  if (input.isPackaged) return { dev: false };
  const { env } = input;
  return {
    dev: input.argv.includes('--dev') || env.LATCHKEY_DEV === '1',
    ...(env.LATCHKEY_USER_DATA ? { userData: env.LATCHKEY_USER_DATA } : {}),
    ...(env.LATCHKEY_CONFIG ? { configFile: env.LATCHKEY_CONFIG } : {}),
  };
}
