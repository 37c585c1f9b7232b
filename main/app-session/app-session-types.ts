// The shapes of main's app session: what the renderer's window sees (state), what a host app's
// main-process code gets (MainAuthApi) and is told (AuthChange), and how the session is set up.
import type { PublicDevice, PublicSession, PublicUser } from '../../shared/types.ts';
import type { RequestInfo } from '../server/request.ts';
import type { Logger } from '../server/logger.ts';
import type { AuthServer } from '../server/server.ts';
import type { DeviceTrustStore } from './device-trust-store.ts';
import type { RememberSupport } from './os-crypto.ts';
import type { RememberedStore } from './remembered-store.ts';

export interface AccountView {
  user: PublicUser;
  device: PublicDevice;
  session: PublicSession;
  remembered: boolean;
}

export interface AppSessionState {
  activeUserId: number | null;
  accounts: AccountView[];
  rememberMe: { enabled: boolean } & RememberSupport;
}

export type AuthChangeKind =
  'signed_in' | 'refreshed' | 'switched' | 'signed_out' | 'session_ended' | 'remember_changed';

export interface AuthChange {
  kind: AuthChangeKind;
  /** The account the change is about. */
  userId: number | null;
  /** Who is signed in now (the active account), if anyone. */
  user: PublicUser | undefined;
}

/** What main-process code of a host app gets: who is signed in and a fresh access token. */
export interface MainAuthApi {
  currentUser(): PublicUser | undefined;
  /** The active account's access token, refreshed first when it is about to expire. */
  accessToken(): Promise<string | undefined>;
  onAuthChange(listener: (change: AuthChange) => void): () => void;
  signOut(): Promise<void>;
}

export interface AppSessionOptions {
  server: Pick<AuthServer, 'caller' | 'onAccountEvent' | 'services' | 'events'>;
  /** What main's own calls carry: the IPC transport and this machine as the device. */
  request: () => Partial<RequestInfo>;
  store: RememberedStore;
  remember: RememberSupport;
  /** Where device trust tokens outlive the process (sealed); in memory when not given. */
  trustStore?: DeviceTrustStore;
  /** Refresh an access token this long before it expires. */
  refreshMarginMs?: number;
  logger?: Logger;
}
