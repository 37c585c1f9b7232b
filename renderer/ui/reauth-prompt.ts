// The offer to sign in again where the server wants a recent sign-in first (REAUTH_REQUIRED): why,
// then the button, which fires the element's `latchkey-reauth` through `onReauth`.
import { html, nothing, type TemplateResult } from 'lit';
import { t } from '../i18n/i18n.ts';

/** `why` and the sign-in button; `more` goes beside the button (a cancel, say). */
export function reauthPrompt(why: string, onReauth: () => void, more: TemplateResult | typeof nothing = nothing) {
  return html`<p>${why}</p>
    <div class="row">
      <button type="button" class="primary" @click=${onReauth}>${t('account.reauthButton')}</button>
      ${more}
    </div>`;
}
