// The sign-in's "remember me" box, Electron only: main keeps the sign-in across restarts. Disabled
// with the reason where the OS cannot protect a saved sign-in (docs/security.md R40); absent in a
// browser or with a host app's bridge that has no app session.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { t } from '../i18n/i18n.ts';
import type { StringKey } from '../i18n/strings.ts';
import type { MainSession, RememberMeState } from '../lib/transport.ts';

const REMEMBER_UNAVAILABLE: Record<string, StringKey> = {
  basic_text: 'signIn.rememberBasicText',
  no_key_store: 'signIn.rememberNoKeyStore',
};

export class RememberMe implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #main: () => MainSession | undefined;
  #state: RememberMeState | undefined;
  #saved: Promise<unknown> = Promise.resolve();

  constructor(host: ReactiveControllerHost, main: () => MainSession | undefined) {
    this.#host = host;
    this.#main = main;
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to start: main is asked once the screen is up (load).
  }

  /** Asks main whether it can remember (once the screen is up). */
  load(): void {
    void this.#main()
      ?.state()
      .then(
        (state) => this.#set(state.rememberMe),
        () => {}, // a host app's bridge without main's app session: nothing to remember with
      );
  }

  /** Settles once main has the person's latest choice: a sign-in waits for it, as main applies it to the next one. */
  get saved(): Promise<unknown> {
    return this.#saved;
  }

  render() {
    const remember = this.#state;
    if (!remember) return nothing;
    const known = remember.available ? undefined : REMEMBER_UNAVAILABLE[remember.reason];
    const why = remember.available
      ? undefined
      : known
        ? t(known)
        : (remember.message ?? t('signIn.rememberNoKeyStore'));
    return html`<div>
      <label class="checkbox">
        <input
          type="checkbox"
          .checked=${remember.available && remember.enabled}
          ?disabled=${!remember.available}
          aria-describedby=${why ? 'remember-why' : nothing}
          @change=${(e: Event) => this.#choose((e.target as HTMLInputElement).checked)}
        />
        ${t('signIn.remember')}
      </label>
      ${why ? html`<p class="hint" id="remember-why">${why}</p>` : nothing}
    </div>`;
  }

  #choose(remember: boolean): void {
    const main = this.#main();
    if (!main || !this.#state) return;
    this.#set({ ...this.#state, enabled: remember });
    this.#saved = main.setRememberMe(remember).then(
      (state) => this.#set(state.rememberMe),
      () => void main.state().then((state) => this.#set(state.rememberMe)),
    );
  }

  #set(state: RememberMeState | undefined): void {
    this.#state = state;
    this.#host.requestUpdate();
  }
}
