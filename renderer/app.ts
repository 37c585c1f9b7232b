// <latchkey-app>: the Latchkey app composed from the elements. Signed out it shows sign-in or
// registration; signed in, the account, devices, authenticator setup and (dev mode) the inbox.
// Views live in the URL hash so Back works. Kiosk mode adds full screen, idle sign-out and the
// account switcher.
import { html, nothing } from 'lit';
import type { EndReason } from './lib/latchkey.ts';
import { t } from './i18n/i18n.ts';
import { LatchkeyElement } from './ui/base.ts';
import { appStyles } from './app-styles.ts';
import { busyStatus } from './ui/busy.ts';
import { signOutIcon } from './ui/icons.ts';
import type { StringKey } from './i18n/strings.ts';
import './elements.ts';
import './screens/magic-link.ts';
import type { MagicSignedIn } from './screens/magic-link.ts';
import { magicLinkToken } from './lib/magic-link-url.ts';

type View =
  'sign-in' | 'register' | 'phone' | 'account' | 'devices' | 'totp-setup' | 'inbox' | 'device' | 'email-change-report';
// `phone`: the kiosk signs in from a phone; `device`: the phone's page for it (/device), signed in.
const SIGNED_OUT: View[] = ['sign-in', 'register', 'phone', 'inbox', 'device', 'email-change-report'];
const SIGNED_IN: View[] = ['account', 'devices', 'totp-setup', 'inbox', 'device', 'email-change-report'];
/** Views that stay put whether or not someone is signed in. */
const EITHER: View[] = ['inbox', 'device', 'email-change-report'];
const TITLES: Record<View, StringKey> = {
  'sign-in': 'signIn.title',
  register: 'register.title',
  phone: 'phone.title',
  device: 'device.title',
  account: 'account.title',
  devices: 'devices.title',
  'totp-setup': 'setup.title',
  inbox: 'inbox.title',
  'email-change-report': 'report.title',
};
const ENDED: Record<EndReason, StringKey> = {
  idle: 'ended.idle',
  session_ended: 'ended.session',
  signed_out: 'ended.signedOut',
  deleted: 'account.deleted',
};

export class LatchkeyApp extends LatchkeyElement {
  static override properties = {
    kiosk: { type: Boolean, reflect: true },
    idleMinutes: { type: Number, attribute: 'idle-minutes' },
    view: { state: true },
    notice: { state: true },
    prefillEmail: { state: true },
    devMode: { state: true },
    signingOut: { state: true },
    deviceSignIn: { state: true },
    magicToken: { state: true },
  };

  static override styles = [...LatchkeyElement.styles, appStyles];

  declare kiosk: boolean;
  declare idleMinutes: number;
  declare view: View;
  declare notice: string | undefined;
  declare prefillEmail: string;
  declare devMode: boolean;
  /** The header's "Sign out" is waiting for the server. */
  declare signingOut: boolean;
  /** The server offers signing in from a phone (auth.methods). */
  declare deviceSignIn: boolean;
  /** The code the phone page was opened with (`/device?code=…`, from the kiosk's QR code). */
  #deviceCode = '';
  /** A sign-in link's token while its landing page is shown. */
  declare magicToken: string | undefined;
  #stopAccounts: (() => void) | undefined;
  readonly #onHash = () => this.#route();
  readonly #goFullScreen = () => {
    if (this.kiosk && document.fullscreenEnabled && !document.fullscreenElement) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  };

  constructor() {
    super();
    this.kiosk = false;
    this.idleMinutes = 2;
    this.view = 'sign-in';
    this.notice = undefined;
    this.prefillEmail = '';
    this.devMode = false;
    this.signingOut = false;
    this.deviceSignIn = false;
    this.magicToken = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const info = this.client.transport.appInfo;
    if (info.kiosk) this.kiosk = true;
    if (info.idleMinutes) this.idleMinutes = info.idleMinutes;
    this.devMode = info.devMode ?? false;
    this.#stopAccounts = this.client.onChange((reason) => this.#accountsChanged(reason));
    window.addEventListener('hashchange', this.#onHash);
    window.addEventListener('pointerdown', this.#goFullScreen);
    // The phone page: /device (the verification URI) opens the `device` view with its code.
    if (/\/device\/?$/.test(location.pathname)) {
      this.#deviceCode = new URLSearchParams(location.search).get('code') ?? '';
      history.replaceState(null, '', `${location.pathname}${location.search}#/device`);
    }
    const landing = magicLinkToken(location.href);
    if (landing) {
      this.magicToken = landing.token;
      // The token leaves the address bar (and history) at once.
      history.replaceState(null, '', landing.cleanUrl);
    }
    this.#route();
    void this.client.methods().then((methods) => (this.deviceSignIn = methods.deviceSignIn));
    void this.client.transport.devOutbox?.().then(
      (messages) => (this.devMode = this.devMode || messages !== undefined),
      () => {},
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopAccounts?.();
    window.removeEventListener('hashchange', this.#onHash);
    window.removeEventListener('pointerdown', this.#goFullScreen);
  }

  /** The token of the "this was not me" link, taken off the URL as soon as it is read. */
  #reportToken = '';

  #route(): void {
    const [path = '', token] = location.hash.replace(/^#\/?/, '').split('/');
    const wanted = path as View;
    if (wanted === 'email-change-report' && token) {
      this.#reportToken = token;
      history.replaceState(null, '', '#/email-change-report');
    }
    const allowed = this.client.active ? SIGNED_IN : SIGNED_OUT;
    const view = allowed.includes(wanted) ? wanted : allowed[0]!;
    // Signed out on the phone page: sign in first, then come back to it.
    if (view === 'device' && !this.client.active) this.#returnTo = 'device';
    if (view !== wanted) history.replaceState(null, '', `#/${view}`);
    this.view = view;
    document.title = `${t(TITLES[view])} · ${t('app.title')}`;
  }

  #navigate(view: View): void {
    if (view !== 'sign-in') this.notice = undefined;
    location.hash = `#/${view}`;
    this.#route();
  }

  #accountsChanged(reason: EndReason | undefined): void {
    if (reason) this.notice = t(ENDED[reason]);
    const signedIn = !!this.client.active;
    if (signedIn && SIGNED_OUT.includes(this.view) && !EITHER.includes(this.view)) this.#navigate('account');
    else if (!signedIn && !SIGNED_OUT.includes(this.view)) this.#navigate('sign-in');
    else this.requestUpdate();
  }

  #onSignedIn(): void {
    this.notice = undefined;
    this.prefillEmail = '';
    this.#navigate(this.#returnTo ?? 'account');
    this.#returnTo = undefined;
  }

  #returnTo: View | undefined;

  async #signOut(): Promise<void> {
    this.signingOut = true;
    try {
      await this.client.signOut('signed_out');
    } finally {
      this.signingOut = false;
    }
  }

  async #reauth(email: string, notice: StringKey = 'account.reauth'): Promise<void> {
    await this.#reauthFor('account', email, notice);
  }

  async #reauthFor(view: View, email: string, notice: StringKey = 'account.reauth'): Promise<void> {
    this.#returnTo = view;
    this.prefillEmail = email;
    await this.client.signOut('signed_out');
    this.notice = t(notice);
  }

  protected override render() {
    const account = this.client.active;
    const wide = ['account', 'devices', 'totp-setup', 'inbox'].includes(this.view);
    const nav = this.#nav(!!account);
    return html`<header>
        <div class="brand"><img src="./favicon.svg" alt="" /><span class="name">${t('app.title')}</span></div>
        ${nav}
        <div class="tools">
          ${
            this.kiosk && this.client.accounts.length > 0
              ? html`<latchkey-account-switcher></latchkey-account-switcher>`
              : nothing
          }
          <latchkey-language-switcher></latchkey-language-switcher>
          ${
            account
              ? html`<button
                    type="button"
                    class="sign-out"
                    aria-busy=${this.signingOut ? 'true' : 'false'}
                    ?disabled=${this.signingOut}
                    @click=${() => void this.#signOut()}
                  >
                    ${this.signingOut ? html`<span class="spinner" aria-hidden="true"></span>` : signOutIcon}${t('nav.signOut')}
                  </button>
                  ${busyStatus(this.signingOut)}`
              : nothing
          }
        </div>
      </header>
      <main class=${wide ? 'wide' : 'narrow'}>${this.#view()}</main>
      ${
        account && this.kiosk
          ? html`<latchkey-idle-guard
              .idleMinutes=${this.idleMinutes}
              @latchkey-idle-timeout=${() => void this.client.signOutAll('idle')}
            ></latchkey-idle-guard>`
          : nothing
      }`;
  }

  #nav(signedIn: boolean) {
    const links: View[] = signedIn ? ['account', 'devices'] : [];
    if (this.devMode) links.push('inbox');
    if (links.length === 0) return nothing;
    const label: Record<string, StringKey> = { account: 'nav.account', devices: 'nav.devices', inbox: 'nav.inbox' };
    return html`<nav aria-label=${t('nav.main')}>
      <ul>
        ${links.map(
          (view) =>
            html`<li>
              <a href="#/${view}" aria-current=${this.view === view ? 'page' : 'false'}>${t(label[view]!)}</a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  #magicDone(detail: MagicSignedIn): void {
    this.magicToken = undefined;
    // Only the server-checked target (own origin or its allowlist) is followed.
    if (detail.redirectTo) location.assign(detail.redirectTo);
    else this.#onSignedIn();
  }

  #view() {
    if (this.magicToken)
      return html`<latchkey-magic-link
        .token=${this.magicToken}
        @latchkey-signed-in=${(e: CustomEvent<MagicSignedIn>) => this.#magicDone(e.detail)}
        @latchkey-back=${() => {
          this.magicToken = undefined;
          this.#navigate('sign-in');
        }}
      ></latchkey-magic-link>`;
    const navigate = (e: CustomEvent<{ to: View }>) => this.#navigate(e.detail.to);
    switch (this.view) {
      case 'register':
        return html`<latchkey-register
          @latchkey-navigate=${navigate}
          @latchkey-signed-in=${() => this.#onSignedIn()}
        ></latchkey-register>`;
      case 'account':
        return html`<latchkey-account
          @latchkey-navigate=${navigate}
          @latchkey-reauth=${(e: CustomEvent<{ email: string; notice?: StringKey }>) =>
            void this.#reauth(e.detail.email, e.detail.notice)}
        ></latchkey-account>`;
      case 'devices':
        return html`<latchkey-devices></latchkey-devices>`;
      case 'totp-setup':
        return html`<latchkey-totp-setup @latchkey-done=${() => this.#navigate('account')}></latchkey-totp-setup>`;
      case 'inbox':
        return html`<latchkey-dev-inbox></latchkey-dev-inbox>`;
      case 'email-change-report':
        return html`<latchkey-email-change-report
          .token=${this.#reportToken}
          @latchkey-navigate=${navigate}
        ></latchkey-email-change-report>`;
      case 'phone':
        return html`<latchkey-phone-sign-in
          @latchkey-back=${() => this.#navigate('sign-in')}
          @latchkey-signed-in=${() => this.#onSignedIn()}
        ></latchkey-phone-sign-in>`;
      case 'device':
        if (this.client.active)
          return html`<latchkey-device-approve
            .code=${this.#deviceCode}
            @latchkey-reauth=${(e: CustomEvent<{ email: string }>) => void this.#reauthFor('device', e.detail.email)}
          ></latchkey-device-approve>`;
        return this.#signIn(navigate);
      default:
        return html`${this.#signIn(navigate)}
        ${
          this.deviceSignIn && this.view === 'sign-in'
            ? html`<p class="alt-way">
                <button type="button" class="link" data-use-phone @click=${() => this.#navigate('phone')}>
                  ${t('phone.open')}
                </button>
              </p>`
            : nothing
        }`;
    }
  }

  #signIn(navigate: (e: CustomEvent<{ to: View }>) => void) {
    return html`<latchkey-sign-in
      .email=${this.prefillEmail}
      .notice=${this.notice ?? ''}
      @latchkey-navigate=${navigate}
      @latchkey-signed-in=${() => this.#onSignedIn()}
    ></latchkey-sign-in>`;
  }
}

customElements.define('latchkey-app', LatchkeyApp);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-app': LatchkeyApp;
  }
}
