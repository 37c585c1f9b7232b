// The sign-in's passkeys: offered in the email field's suggestions (conditional UI) and by a
// "Sign in with a passkey" button. Either way the answer is verified and handed back as a
// sign-in result; the browser's pending request is cancelled when the screen closes.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SignInResult } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import type { LatchkeyClient } from '../lib/latchkey.ts';
import { autofillSupported, cancelPasskeyRequest, getPasskey, passkeysSupported } from '../lib/passkeys.ts';
import { busyLabel } from '../ui/busy.ts';
import { emailError } from '../ui/validate.ts';

type PasskeyResponse = Awaited<ReturnType<typeof getPasskey>>;

export interface PasskeyHost extends ReactiveControllerHost {
  readonly client: LatchkeyClient;
  readonly blocked: boolean;
  readonly email: string;
}

export interface PasskeyCalls {
  /** Runs a call as the host form's 'passkey' action: its failure lands in the form's error. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  /** True while that call is in flight. */
  waiting(): boolean;
  /** Settles once an earlier choice that the sign-in depends on is saved (remember-me). */
  ready(): Promise<unknown>;
  onResult(result: SignInResult): void;
}

export class PasskeySignIn implements ReactiveController {
  readonly #host: PasskeyHost;
  readonly #calls: PasskeyCalls;
  #autofilling = false;

  constructor(host: PasskeyHost, calls: PasskeyCalls) {
    this.#host = host;
    this.#calls = calls;
    host.addController(this);
  }

  hostDisconnected(): void {
    if (this.#autofilling) cancelPasskeyRequest();
  }

  /** Conditional UI: the browser offers passkeys in the email field's suggestions. */
  async offerAutofill(): Promise<void> {
    if (!(await autofillSupported())) return;
    try {
      const options = await this.#host.client.call((api) => api.auth.passkeyOptions.mutate(undefined));
      this.#autofilling = true;
      const response = await getPasskey(options, true);
      this.#autofilling = false;
      await this.#verify(response);
    } catch {
      // Cancelled (another ceremony began, the screen closed) or refused: the form is still there.
      this.#autofilling = false;
    }
  }

  async #signIn(): Promise<void> {
    if (this.#host.blocked) return;
    await this.#calls.ready();
    // With an email typed in, that account's passkeys; without, any passkey this device has.
    const email = this.#host.email.trim();
    const input = email && !emailError(email) ? { email } : undefined;
    const response = await this.#calls.run(async () => {
      const options = await this.#host.client.call((api) => api.auth.passkeyOptions.mutate(input));
      return getPasskey(options);
    });
    if (response) await this.#verify(response);
  }

  async #verify(response: PasskeyResponse): Promise<void> {
    const client = this.#host.client;
    const result = await this.#calls.run(() =>
      client.call((api) => api.auth.verifyPasskey.mutate({ response: response as never, device: client.device() })),
    );
    if (result) this.#calls.onResult(result);
  }

  /** The button, where the server offers passkeys and the browser has them. */
  render(offered: boolean | undefined) {
    if (!offered || !passkeysSupported()) return nothing;
    const waiting = this.#calls.waiting();
    return html`<button
      type="button"
      class="block passkey"
      aria-busy=${waiting ? 'true' : 'false'}
      ?disabled=${this.#host.blocked}
      @click=${() => void this.#signIn()}
    >
      ${busyLabel(waiting, t('passkey.signIn'))}
    </button>`;
  }
}
