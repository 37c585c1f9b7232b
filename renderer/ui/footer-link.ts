// The line under a form that leads to its sibling screen ("New here? Create an account").
import { css, html } from 'lit';

export const footerLinkStyles = css`
  .footer {
    text-align: center;
    margin: 0;
  }
`;

export function footerLink(question: string, label: string, go: () => void) {
  return html`<p class="footer muted">
    ${question}
    <button type="button" class="link" @click=${go}>${label}</button>
  </p>`;
}
