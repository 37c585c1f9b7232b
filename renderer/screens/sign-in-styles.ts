// The sign-in's method switch (email code or password): two halves of one pill, the chosen one raised.
import { css } from 'lit';

export const signInStyles = css`
  :host {
    display: block;
  }
  .methods {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.25rem;
    padding: 0.25rem;
    background: var(--lk-surface-2);
    border-radius: 12px;
  }
  .methods button {
    border: none;
    background: transparent;
    color: var(--lk-muted);
  }
  .methods button[aria-pressed='true'] {
    background: var(--lk-surface);
    color: var(--lk-text);
    box-shadow: var(--lk-shadow);
  }
`;
