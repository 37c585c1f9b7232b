// The app's header: the brand, the links between the signed-in views (and the dev inbox), and the
// tools: the kiosk's account switcher, the language switcher and "Sign out".
import { html, nothing } from 'lit';
import { t } from './i18n/i18n.ts';
import type { StringKey } from './i18n/strings.ts';
import { busyStatus } from './ui/busy.ts';
import { brandMark, signOutIcon } from './ui/icons.ts';
import type { View } from './app-views.ts';

const NAV_LABELS: Record<string, StringKey> = { account: 'nav.account', devices: 'nav.devices', inbox: 'nav.inbox' };

export interface HeaderContext {
  view: View;
  signedIn: boolean;
  devMode: boolean;
  /** The kiosk has accounts to switch between. */
  switcher: boolean;
  /** "Sign out" is waiting for the server. */
  signingOut: boolean;
  onSignOut(): void;
}

export function appHeader(c: HeaderContext) {
  return html`<header>
    <div class="brand">${brandMark}<span class="name">${t('app.title')}</span></div>
    ${nav(c)}
    <div class="tools">
      ${c.switcher ? html`<latchkey-account-switcher></latchkey-account-switcher>` : nothing}
      <latchkey-language-switcher></latchkey-language-switcher>
      ${
        c.signedIn
          ? html`<button
                type="button"
                class="sign-out"
                aria-busy=${c.signingOut ? 'true' : 'false'}
                ?disabled=${c.signingOut}
                @click=${() => c.onSignOut()}
              >
                ${c.signingOut ? html`<span class="spinner" aria-hidden="true"></span>` : signOutIcon}${t('nav.signOut')}
              </button>
              ${busyStatus(c.signingOut)}`
          : nothing
      }
    </div>
  </header>`;
}

function nav(c: HeaderContext) {
  const links: View[] = c.signedIn ? ['account', 'devices'] : [];
  if (c.devMode) links.push('inbox');
  if (links.length === 0) return nothing;
  return html`<nav aria-label=${t('nav.main')}>
    <ul>
      ${links.map(
        (view) =>
          html`<li>
            <a href="#/${view}" aria-current=${c.view === view ? 'page' : 'false'}>${t(NAV_LABELS[view]!)}</a>
          </li>`,
      )}
    </ul>
  </nav>`;
}
