// Buttons and links styled as buttons: primary, danger, link, reveal, the busy spinner, focus rings.
import { css } from 'lit';

export const buttons = css`
  button,
  a.button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 3rem;
    min-width: 3rem;
    padding: 0.6rem 1.1rem;
    font: inherit;
    font-weight: var(--lk-semibold);
    border-radius: 10px;
    border: 1.5px solid var(--lk-border);
    background: var(--lk-surface);
    color: var(--lk-text);
    cursor: pointer;
    text-decoration: none;
    transition:
      background 0.15s,
      border-color 0.15s;
  }
  button:hover:not(:disabled, [aria-disabled='true']) {
    border-color: var(--lk-accent);
  }
  button:focus-visible,
  a:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--lk-focus);
    outline-offset: 2px;
  }
  /* A heading that takes focus when a screen opens (for screen readers) is not a control. */
  h1[tabindex='-1']:focus-visible {
    outline: none;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .spinner {
    flex: none;
    width: 1em;
    height: 1em;
    border: 0.15em solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: lk-spin 0.8s linear infinite;
  }
  @keyframes lk-spin {
    to {
      transform: rotate(360deg);
    }
  }
  button.primary {
    background: var(--lk-accent);
    border-color: var(--lk-accent);
    color: var(--lk-accent-text);
  }
  button.primary:hover:not(:disabled, [aria-disabled='true']) {
    background: var(--lk-accent-strong);
    border-color: var(--lk-accent-strong);
  }
  button.danger {
    color: var(--lk-danger);
    border-color: var(--lk-danger);
  }
  button.link {
    border: none;
    background: none;
    color: var(--lk-accent);
    padding: 0.5rem 0.25rem;
    text-decoration: underline;
    text-underline-offset: 3px;
    font-weight: var(--lk-semibold);
  }
  button[aria-pressed='true'].reveal {
    background: var(--lk-surface-2);
    border-color: var(--lk-accent);
    color: var(--lk-accent);
  }
  button.block {
    width: 100%;
  }
`;
