// A button that waits for the server keeps its own label (so its accessible name stays), shows a
// spinner and is marked aria-busy; a polite status line beside it says "Working…" to screen readers.
import { html, nothing, type TemplateResult } from 'lit';
import { t } from '../i18n/i18n.ts';

/** The button's content: a spinner while it waits, then its label. */
export function busyLabel(busy: boolean, label: string): TemplateResult {
  return html`${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}<span>${label}</span>`;
}

/** Always rendered, so its text is announced when a call starts (a region added with text is not). */
export function busyStatus(busy: boolean): TemplateResult {
  return html`<p class="visually-hidden" role="status">${busy ? t('common.working') : nothing}</p>`;
}
