// The device trust tokens main holds for the accounts that trusted this machine, by user id. They
// outlive sign-outs; each change is saved on the app session's save chain, after the saves before it.
import type { AuthResult } from '../../shared/types.ts';
import type { DeviceTrustStore } from './device-trust-store.ts';
import type { SaveChain } from './save-chain.ts';

export class TrustTokens {
  readonly #store: DeviceTrustStore;
  readonly #saves: SaveChain;
  readonly #tokens = new Map<number, string>();

  constructor(store: DeviceTrustStore, saves: SaveChain) {
    this.#store = store;
    this.#saves = saves;
  }

  get(userId: number): string | undefined {
    return this.#tokens.get(userId);
  }

  /** Takes back the tokens saved before (a token noted since stays). */
  async load(): Promise<void> {
    try {
      for (const [userId, token] of await this.#store.load()) {
        if (!this.#tokens.has(userId)) this.#tokens.set(userId, token);
      }
    } catch {
      // Unreadable (another OS user, a reset keyring): the second factor is asked again.
    }
  }

  /** Keeps a newly issued trust token; forgets one the server no longer honours (untrusted, expired). */
  note(result: AuthResult): void {
    const userId = result.user.id;
    const issued = result.tokens.deviceTrustToken;
    if (issued !== undefined) this.#tokens.set(userId, issued);
    else if (result.device.trustedUntil === null && this.#tokens.has(userId)) this.#tokens.delete(userId);
    else return;
    const snapshot = new Map(this.#tokens);
    this.#saves.then(() => this.#store.save(snapshot), 'could not save device trust');
  }
}
