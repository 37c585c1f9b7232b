// Form pieces every screen uses, so labels, hints, errors and their ARIA wiring are written once.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ApiError } from '../../shared/errors.ts';
import { clock, errorText, t } from '../i18n/i18n.ts';

export interface FieldOptions {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  onBlur?: () => void;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  inputmode?: 'text' | 'email' | 'numeric';
  hint?: string | TemplateResult | undefined;
  error?: string | undefined;
  autofocus?: boolean;
  maxlength?: number;
  /** Password fields: whether the text is shown, and how to toggle it. */
  reveal?: { shown: boolean; toggle(): void };
}

export function field(o: FieldOptions): TemplateResult {
  const described = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  const type = o.reveal?.shown ? 'text' : (o.type ?? 'text');
  const input = html`<input
    id=${o.id}
    name=${o.id}
    type=${type}
    .value=${live(o.value)}
    autocomplete=${o.autocomplete ?? 'off'}
    inputmode=${o.inputmode ?? nothing}
    maxlength=${o.maxlength ?? nothing}
    autocapitalize="off"
    spellcheck="false"
    aria-invalid=${o.error ? 'true' : 'false'}
    aria-describedby=${described || nothing}
    ?data-autofocus=${o.autofocus}
    @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
    @blur=${() => o.onBlur?.()}
  />`;
  return html`<div class="field">
    <label for=${o.id}>${o.label}</label>
    ${
      o.reveal
        ? html`<div class="input-with-button">
            ${input}
            <button
              type="button"
              class="reveal"
              aria-label=${t('common.showPassword')}
              aria-pressed=${o.reveal.shown ? 'true' : 'false'}
              aria-controls=${o.id}
              @click=${o.reveal.toggle}
            >
              ${t('common.show')}
            </button>
          </div>`
        : input
    }
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : nothing}
    ${o.error ? html`<p class="field-error" id="${o.id}-error">${o.error}</p>` : nothing}
  </div>`;
}

/** A six-digit code typed into one field (an authenticator's): digits only, filled from a message. */
export function codeField(o: Pick<FieldOptions, 'id' | 'label' | 'value' | 'onInput'>): TemplateResult {
  return field({
    ...o,
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 6,
    onInput: (value) => o.onInput(value.replace(/\D/g, '')),
  });
}

/** The error line of a form, announced when it appears; a RATE_LIMITED error counts down. */
export function errorRegion(error: ApiError | undefined, retrySeconds = 0): TemplateResult {
  // The ticking wait stays outside the live region, so it is not read out every second.
  return html`<div class="alert error" role="alert">${error ? errorText(error) : nothing}</div>
    ${
      error && retrySeconds > 0
        ? html`<p class="hint retry">${t('common.retryIn', { time: clock(retrySeconds) })}</p>`
        : nothing
    }`;
}

/**
 * A polite status line that screen readers read when it changes: `ok` for what the person just did
 * (saved, sent), `info` for news that is no one's success (signed out, session ended).
 */
export function statusRegion(message: string | undefined, tone: 'ok' | 'info' = 'ok'): TemplateResult {
  return html`<div class="alert ${tone}" role="status">${message ?? nothing}</div>`;
}
