// The screen in the app's main column for each view, wired to the app: where a screen asks to go
// (`latchkey-navigate`), a sign-in, a re-authentication. A sign-in link's landing page, while its
// token is in hand, takes the place of any view.
import { html, nothing } from 'lit';
import { t } from './i18n/i18n.ts';
import type { StringKey } from './i18n/strings.ts';
import type { MagicSignedIn } from './screens/magic-link.ts';
import type { View } from './app-views.ts';

export interface ScreenContext {
  view: View;
  signedIn: boolean;
  /** A sign-in link's token while its landing page is shown. */
  magicToken: string | undefined;
  /** The code the phone page was opened with. */
  deviceCode: string;
  /** The token of the "this was not me" link. */
  reportToken: string;
  /** The server offers signing in from a phone. */
  deviceSignIn: boolean;
  prefillEmail: string;
  notice: string | undefined;
  navigate(view: View): void;
  onSignedIn(): void;
  onMagicSignedIn(detail: MagicSignedIn): void;
  onMagicBack(): void;
  reauth(view: View, email: string, notice?: StringKey): void;
}

export function appScreen(c: ScreenContext) {
  if (c.magicToken)
    return html`<latchkey-magic-link
      .token=${c.magicToken}
      @latchkey-signed-in=${(e: CustomEvent<MagicSignedIn>) => c.onMagicSignedIn(e.detail)}
      @latchkey-back=${() => c.onMagicBack()}
    ></latchkey-magic-link>`;
  const navigate = (e: CustomEvent<{ to: View }>) => c.navigate(e.detail.to);
  switch (c.view) {
    case 'register':
      return html`<latchkey-register
        @latchkey-navigate=${navigate}
        @latchkey-signed-in=${() => c.onSignedIn()}
      ></latchkey-register>`;
    case 'account':
      return html`<latchkey-account
        @latchkey-navigate=${navigate}
        @latchkey-reauth=${(e: CustomEvent<{ email: string; notice?: StringKey }>) =>
          c.reauth('account', e.detail.email, e.detail.notice)}
      ></latchkey-account>`;
    case 'devices':
      return html`<latchkey-devices></latchkey-devices>`;
    case 'totp-setup':
      return html`<latchkey-totp-setup @latchkey-done=${() => c.navigate('account')}></latchkey-totp-setup>`;
    case 'inbox':
      return html`<latchkey-dev-inbox></latchkey-dev-inbox>`;
    case 'email-change-report':
      return html`<latchkey-email-change-report
        .token=${c.reportToken}
        @latchkey-navigate=${navigate}
      ></latchkey-email-change-report>`;
    case 'phone':
      return html`<latchkey-phone-sign-in
        @latchkey-back=${() => c.navigate('sign-in')}
        @latchkey-signed-in=${() => c.onSignedIn()}
      ></latchkey-phone-sign-in>`;
    case 'device':
      if (c.signedIn)
        return html`<latchkey-device-approve
          .code=${c.deviceCode}
          @latchkey-reauth=${(e: CustomEvent<{ email: string }>) => c.reauth('device', e.detail.email)}
        ></latchkey-device-approve>`;
      return signIn(c, navigate);
    default:
      return html`${signIn(c, navigate)}
      ${
        c.deviceSignIn && c.view === 'sign-in'
          ? html`<p class="alt-way">
              <button type="button" class="link" data-use-phone @click=${() => c.navigate('phone')}>
                ${t('phone.open')}
              </button>
            </p>`
          : nothing
      }`;
  }
}

function signIn(c: ScreenContext, navigate: (e: CustomEvent<{ to: View }>) => void) {
  return html`<latchkey-sign-in
    .email=${c.prefillEmail}
    .notice=${c.notice ?? ''}
    @latchkey-navigate=${navigate}
    @latchkey-signed-in=${() => c.onSignedIn()}
  ></latchkey-sign-in>`;
}
