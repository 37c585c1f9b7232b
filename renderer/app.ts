// <latchkey-app>: the Latchkey app composed from the elements. Signed out it shows sign-in or
// registration; signed in, the account, devices, authenticator setup and (dev mode) the inbox.
// Views live in the URL hash so Back works. Kiosk mode adds full screen, idle sign-out and the
// account switcher. The header is app-header.ts, the views app-views.ts and the screen shown for
// each app-screens.ts. The elements it renders are defined by elements.ts, which exports this one.
import { html, nothing, type PropertyValues } from 'lit';
import type { EndReason } from './lib/latchkey.ts';
import { t } from './i18n/i18n.ts';
import { LatchkeyElement } from './ui/base.ts';
import { appStyles } from './app-styles.ts';
import type { StringKey } from './i18n/strings.ts';
import './screens/magic-link.ts';
import type { MagicSignedIn } from './screens/magic-link.ts';
import { magicLinkToken } from './lib/magic-link-url.ts';
import { appHeader } from './app-header.ts';
import { appScreen } from './app-screens.ts';
import { EITHER, ENDED, SIGNED_IN, SIGNED_OUT, TITLES, WIDE, type View } from './app-views.ts';

export class LatchkeyApp extends LatchkeyElement {
  static override properties = {
    kiosk: { type: Boolean, reflect: true },
    idleMinutes: { type: Number, attribute: 'idle-minutes' },
    view: { state: true },
    noticeKey: { state: true },
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
  /** The sign-in screen's notice, worded at each render: it follows a switch of language. */
  declare noticeKey: StringKey | undefined;
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
  readonly #onHash = () => {
    if (this.#started) this.#route();
  };
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
    this.noticeKey = undefined;
    this.prefillEmail = '';
    this.devMode = false;
    this.signingOut = false;
    this.deviceSignIn = false;
    this.magicToken = undefined;
  }

  /** The client has been read since the element was last connected. */
  #started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    window.addEventListener('pointerdown', this.#goFullScreen);
    // The client is read at the first update, not here: a host page configures it after importing
    // the elements, in the same task (docs/elements.md), and the import connects an element
    // already in the page.
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.#started) return;
    this.#started = true;
    this.#start();
  }

  #start(): void {
    const info = this.client.transport.appInfo;
    if (info.kiosk) this.kiosk = true;
    if (info.idleMinutes) this.idleMinutes = info.idleMinutes;
    this.devMode = info.devMode ?? false;
    this.#stopAccounts = this.client.onChange((reason) => this.#accountsChanged(reason));
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
    this.#started = false;
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
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Each render, so the title follows a switch of language as the screens do (docs/elements.md).
    document.title = `${t(TITLES[this.view])} · ${t('app.title')}`;
  }

  #navigate(view: View): void {
    if (view !== 'sign-in') this.noticeKey = undefined;
    location.hash = `#/${view}`;
    this.#route();
  }

  #accountsChanged(reason: EndReason | undefined): void {
    if (reason) this.noticeKey = ENDED[reason];
    const signedIn = !!this.client.active;
    if (signedIn && SIGNED_OUT.includes(this.view) && !EITHER.includes(this.view)) this.#navigate('account');
    else if (!signedIn && !SIGNED_OUT.includes(this.view)) this.#navigate('sign-in');
    else this.requestUpdate();
  }

  #onSignedIn(): void {
    this.noticeKey = undefined;
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

  async #reauthFor(view: View, email: string, notice: StringKey = 'account.reauth'): Promise<void> {
    this.#returnTo = view;
    this.prefillEmail = email;
    await this.client.signOut('signed_out');
    this.noticeKey = notice;
  }

  protected override render() {
    const signedIn = !!this.client.active;
    return html`${appHeader({
        view: this.view,
        signedIn,
        devMode: this.devMode,
        switcher: this.kiosk && this.client.accounts.length > 0,
        signingOut: this.signingOut,
        onSignOut: () => void this.#signOut(),
      })}
      <main class=${WIDE.includes(this.view) ? 'wide' : 'narrow'}>${this.#screen()}</main>
      ${
        // Kiosk privacy covers every account signed in here, also while the sign-in screen shows
        // over held ones ("Add account"): anyone could switch into them from the switcher.
        this.kiosk && this.client.accounts.length > 0
          ? html`<latchkey-idle-guard
              .idleMinutes=${this.idleMinutes}
              @latchkey-idle-timeout=${() => void this.client.signOutAll('idle')}
            ></latchkey-idle-guard>`
          : nothing
      }`;
  }

  #magicDone(detail: MagicSignedIn): void {
    this.magicToken = undefined;
    // Only the server-checked target (own origin or its allowlist) is followed.
    if (detail.redirectTo) location.assign(detail.redirectTo);
    else this.#onSignedIn();
  }

  #screen() {
    return appScreen({
      view: this.view,
      signedIn: !!this.client.active,
      magicToken: this.magicToken,
      deviceCode: this.#deviceCode,
      reportToken: this.#reportToken,
      deviceSignIn: this.deviceSignIn,
      prefillEmail: this.prefillEmail,
      notice: this.noticeKey && t(this.noticeKey),
      navigate: (view) => this.#navigate(view),
      onSignedIn: () => this.#onSignedIn(),
      onMagicSignedIn: (detail) => this.#magicDone(detail),
      onMagicBack: () => {
        this.magicToken = undefined;
        this.#navigate('sign-in');
      },
      reauth: (view, email, notice) => void this.#reauthFor(view, email, notice),
    });
  }
}

customElements.define('latchkey-app', LatchkeyApp);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-app': LatchkeyApp;
  }
}
