// `latchkey/electron`: Latchkey in a host Electron app's main process.
import './require-node.ts';

export { installLatchkey, type InstallLatchkeyOptions, type InstalledLatchkey } from '../electron/install.ts';
export type { AuthChange, AuthChangeKind, MainAuthApi } from '../app-session/app-session.ts';
export { appInfoArgument, type AppInfo } from '../../shared/bridge.ts';
