// <latchkey-language-switcher>: English / 中文, remembered on this device. A native select (the
// system's own picker on phones) under a face that shows the language's name, or on a phone only
// its short form, so the header stays one row.
import { css, html } from 'lit';
import { LOCALES, type Locale } from '../../shared/errors.ts';
import { getLocale, setLocale, t } from '../i18n/i18n.ts';
import { LatchkeyElement } from '../ui/base.ts';

const NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };
const SHORT: Record<Locale, string> = { en: 'EN', zh: '中文' };

export class LanguageSwitcher extends LatchkeyElement {
  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: inline-block;
      }
      .switch {
        position: relative;
        display: inline-flex;
      }
      .face {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        min-height: 2.75rem;
        padding: 0.4rem 0.6rem;
        color: var(--lk-text);
        background: var(--lk-surface);
        border: 1.5px solid var(--lk-border);
        border-radius: 10px;
        white-space: nowrap;
      }
      .short {
        display: none;
      }
      select {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        opacity: 0;
        font: inherit;
        cursor: pointer;
      }
      .switch:has(select:focus-visible) .face {
        outline: 3px solid var(--lk-focus);
        outline-offset: 2px;
      }
      .switch:hover .face {
        border-color: var(--lk-accent);
      }
      @media (max-width: 40rem) {
        .long {
          display: none;
        }
        .short {
          display: inline;
        }
      }
    `,
  ];

  protected override render() {
    const current = getLocale();
    return html`<span class="switch">
      <span class="face" aria-hidden="true">
        <span class="long">${NAMES[current]}</span><span class="short">${SHORT[current]}</span>
        <span>▾</span>
      </span>
      <label class="visually-hidden" for="language">${t('lang.label')}</label>
      <select id="language" @change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
        ${LOCALES.map(
          (locale) =>
            html`<option value=${locale} lang=${locale === 'zh' ? 'zh-CN' : 'en'} ?selected=${locale === current}>
              ${NAMES[locale]}
            </option>`,
        )}
      </select>
    </span>`;
  }
}

customElements.define('latchkey-language-switcher', LanguageSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-language-switcher': LanguageSwitcher;
  }
}
