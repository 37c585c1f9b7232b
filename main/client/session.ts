// The signed-in state and its one rule: at most one refresh in flight. Refresh tokens rotate (each
// is spent by its first use, and a second use ends the session), so two refreshes racing with the
// same token would sign the user out; every caller that finds the access token stale joins the
// refresh already running instead.
import type { DeviceInput } from '../../shared/schemas.ts';
import type { AuthResult } from '../../shared/types.ts';
import { LatchkeyError } from './errors.ts';
import { readState, writeState, type LatchkeyStorage, type StoredState } from './storage.ts';
import type { Exchange, Transport } from './transport.ts';

/** Refresh this long before the access token's expiry (a quarter of a shorter lifetime), so it is not refused in flight. */
const EXPIRY_MARGIN_MS = 10_000;

export interface SessionOptions {
  storage: LatchkeyStorage;
  transport: Transport;
  device: DeviceInput | undefined;
  now: () => number;
}

type TokenListener = (accessToken: string) => void;

export const notSignedIn = () =>
  new LatchkeyError({ code: 'UNAUTHORIZED', status: 401, message: 'Not signed in: no tokens are stored.' });

/** A refresh answered after the sign-in it renewed had ended (signed out, or another sign-in). */
const superseded = () =>
  new LatchkeyError({
    code: 'UNAUTHORIZED',
    status: 401,
    message: 'Signed out or signed in again while this refresh was in flight: its tokens were dropped.',
  });

export class TokenSession {
  readonly #options: SessionOptions;
  #state: StoredState = {};
  #loaded: Promise<void> | undefined;
  #refreshing: Promise<AuthResult> | undefined;
  /**
   * Counts sign-ins and sign-outs. A rotation keeps its answer only if none happened while it was
   * in flight: a sign-out must not bring tokens back, nor another sign-in be overwritten by the
   * one it replaced (docs/client.md, Refresh).
   */
  #generation = 0;
  readonly #listeners = new Set<TokenListener>();

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  /** Reads storage once; every later read is from memory, so checks and the refresh start are atomic. */
  #load(): Promise<void> {
    return (this.#loaded ??= readState(this.#options.storage).then((state) => {
      this.#state = state;
    }));
  }

  /** The device facts sign-ins send: the app's, plus the id and trust token this device was given. */
  async deviceInput(options: { withTrust: boolean }): Promise<DeviceInput | undefined> {
    await this.#load();
    const { deviceId, deviceTrustToken } = this.#state;
    const device: DeviceInput = { ...this.#options.device };
    // An id the app chose wins; otherwise the one the server gave this device at its first sign-in.
    if (deviceId && !device.id) device.id = deviceId;
    if (options.withTrust && deviceTrustToken) device.trustToken = deviceTrustToken;
    else delete device.trustToken;
    return Object.keys(device).length > 0 ? device : undefined;
  }

  /** Keeps what a sign-in returned; a refresh still in flight for the sign-in it replaces is dropped. */
  async accept(result: AuthResult): Promise<void> {
    await this.#load();
    this.#supersede();
    await this.#store(result);
  }

  /** A sign-in or sign-out happened: rotations in flight belong to a sign-in that is over. */
  #supersede(): void {
    this.#generation += 1;
    this.#refreshing = undefined;
  }

  /** Writes new tokens; the memory state changes at once, before any await. */
  async #store(result: AuthResult): Promise<void> {
    const { tokens } = result;
    const lifetimeMs = tokens.expiresIn * 1000;
    const changes: StoredState = {
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      // The device's own clock plus the server's lifetime: right even when the two clocks disagree.
      accessTokenExpiresAt: String(this.#options.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 4)),
      deviceId: result.device.id,
    };
    if (tokens.deviceTrustToken) changes.deviceTrustToken = tokens.deviceTrustToken;
    Object.assign(this.#state, changes);
    await writeState(this.#options.storage, changes);
    for (const listener of this.#listeners) listener(tokens.accessToken);
  }

  /** Forgets the tokens; the device id and its trust stay, as the device is still the same device. */
  async clear(): Promise<void> {
    await this.#load();
    this.#supersede();
    await this.#forget();
  }

  async #forget(): Promise<void> {
    const changes: StoredState = { refreshToken: undefined, accessToken: undefined, accessTokenExpiresAt: undefined };
    Object.assign(this.#state, changes);
    await writeState(this.#options.storage, changes);
  }

  async hasTokens(): Promise<boolean> {
    await this.#load();
    return this.#state.refreshToken !== undefined || this.#state.accessToken !== undefined;
  }

  /** A current access token, refreshed first when it has expired by this device's clock. */
  async accessToken(): Promise<string | undefined> {
    await this.#load();
    const { accessToken, accessTokenExpiresAt, refreshToken } = this.#state;
    if (!refreshToken) return accessToken;
    const expired = accessTokenExpiresAt === undefined || this.#options.now() >= Number(accessTokenExpiresAt);
    if (accessToken && !expired) return accessToken;
    return this.refreshAfter(accessToken);
  }

  /** Rotates the refresh token now (joining a rotation already in flight). */
  async refresh(): Promise<AuthResult> {
    await this.#load();
    return (this.#refreshing ??= this.#startRotation());
  }

  /**
   * A fresh access token after `used` was found stale. If another caller already replaced it, that
   * token is the answer; if a refresh is running, its result is; otherwise this starts the one refresh.
   * After the load, the check and the start run without an await between them.
   */
  async refreshAfter(used: string | undefined): Promise<string> {
    await this.#load();
    if (!this.#refreshing) {
      const current = this.#state.accessToken;
      if (current && current !== used) return current;
      this.#refreshing = this.#startRotation();
    }
    return (await this.#refreshing).tokens.accessToken;
  }

  #startRotation(): Promise<AuthResult> {
    const rotation: Promise<AuthResult> = this.#rotate().finally(() => {
      if (this.#refreshing === rotation) this.#refreshing = undefined;
    });
    return rotation;
  }

  async #rotate(): Promise<AuthResult> {
    const generation = this.#generation;
    const refreshToken = this.#state.refreshToken;
    if (!refreshToken) throw notSignedIn();
    const device = await this.deviceInput({ withTrust: false });
    let result: AuthResult;
    try {
      result = await this.#options.transport<AuthResult>({
        method: 'POST',
        path: '/v1/auth/refresh',
        body: { refreshToken, ...(device ? { device } : {}) },
      });
    } catch (error) {
      // Refused (spent, revoked, expired, account disabled): this sign-in is over. A network
      // failure or a busy server is not a verdict; the tokens stay for the next try.
      if (generation !== this.#generation) throw superseded();
      if (error instanceof LatchkeyError && (error.status === 401 || error.status === 403)) await this.#forget();
      throw error;
    }
    if (generation !== this.#generation) throw superseded();
    await this.#store(result);
    return result;
  }

  /** An authenticated call; refused as UNAUTHORIZED, it refreshes once and tries once more. */
  async authed<T>(exchange: Omit<Exchange, 'accessToken'>): Promise<T> {
    const token = await this.accessToken();
    if (!token) throw notSignedIn();
    try {
      return await this.#options.transport<T>({ ...exchange, accessToken: token });
    } catch (error) {
      if (!(error instanceof LatchkeyError) || error.code !== 'UNAUTHORIZED' || !this.#state.refreshToken) throw error;
      // The server refused the token before running anything: trying again cannot do a thing twice.
      const fresh = await this.refreshAfter(token);
      return this.#options.transport<T>({ ...exchange, accessToken: fresh });
    }
  }

  /** Called with each new access token (live-event sockets re-authenticate with it). */
  onAccessToken(listener: TokenListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
