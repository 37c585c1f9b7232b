// The sign-in's steps after the first, each its own element in the card: the emailed code, a
// password reset, the second factor. Each ends with a result or goes back to the start.
import { html } from 'lit';
import type { AuthResult, SecondFactorChallenge, SignInResult } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { card } from '../ui/card.ts';
import { statusRegion } from '../ui/fields.ts';
import './code-entry.ts';
import './totp-challenge.ts';
import './password-reset.ts';

export type LaterStep = 'code' | 'link' | 'reset' | 'totp';

export interface LaterStepContext {
  email: string;
  resendAfter: number;
  challenge: SecondFactorChallenge['challenge'] | undefined;
  /** A sign-in result that may still ask for the second factor. */
  onResult(result: SignInResult): void;
  /** The second factor passed: signed in. */
  onSignedIn(result: AuthResult): void;
  onBack(): void;
  /** From "check your email": type the code of the link mail instead. */
  onEnterCode(): void;
}

export function laterStep(step: LaterStep, context: LaterStepContext) {
  switch (step) {
    case 'code':
      return card(
        t('code.title'),
        undefined,
        html`<latchkey-code-entry
          .email=${context.email}
          .resendAfter=${context.resendAfter}
          @latchkey-result=${(e: CustomEvent<SignInResult>) => context.onResult(e.detail)}
          @latchkey-back=${() => context.onBack()}
        ></latchkey-code-entry>`,
      );
    case 'link':
      return card(
        t('link.title'),
        undefined,
        html`<div class="stack">
          ${statusRegion(t('link.sent', { email: context.email }), 'info')}
          <button type="button" class="primary block" @click=${() => context.onEnterCode()}>
            ${t('link.enterCode')}
          </button>
          <button type="button" class="link" @click=${() => context.onBack()}>${t('link.back')}</button>
        </div>`,
      );
    case 'reset':
      return card(
        t('reset.title'),
        t('reset.subtitle'),
        html`<latchkey-password-reset
          .email=${context.email}
          @latchkey-result=${(e: CustomEvent<SignInResult>) => context.onResult(e.detail)}
          @latchkey-back=${() => context.onBack()}
        ></latchkey-password-reset>`,
      );
    case 'totp':
      return card(
        t('totp.title'),
        undefined,
        html`<latchkey-totp-challenge
          .challenge=${context.challenge}
          @latchkey-result=${(e: CustomEvent<AuthResult>) => context.onSignedIn(e.detail)}
          @latchkey-back=${() => context.onBack()}
        ></latchkey-totp-challenge>`,
      );
  }
}
