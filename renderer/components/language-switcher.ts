// <latchkey-language-switcher>: English / 中文, remembered on this device.
import { css, html } from 'lit';
import { LOCALES, type Locale } from '../../shared/errors.ts';
import { getLocale, setLocale, t } from '../i18n/i18n.ts';
import { LatchkeyElement } from '../ui/base.ts';

const NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };

export class LanguageSwitcher extends LatchkeyElement {
  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: inline-block;
      }
      select {
        min-height: 44px;
        padding: 0.4rem 0.6rem;
        font: inherit;
        color: var(--lk-text);
        background: var(--lk-surface);
        border: 1.5px solid var(--lk-border);
        border-radius: 10px;
      }
      select:focus-visible {
        outline: 3px solid var(--lk-focus);
        outline-offset: 2px;
      }
    `,
  ];

  protected override render() {
    return html`<label class="visually-hidden" for="language">${t('lang.label')}</label>
      <select id="language" @change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
        ${LOCALES.map(
          (locale) =>
            html`<option value=${locale} lang=${locale === 'zh' ? 'zh-CN' : 'en'} ?selected=${locale === getLocale()}>
              ${NAMES[locale]}
            </option>`,
        )}
      </select>`;
  }
}

customElements.define('latchkey-language-switcher', LanguageSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-language-switcher': LanguageSwitcher;
  }
}
