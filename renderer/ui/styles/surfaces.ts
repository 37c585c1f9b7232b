// Alerts, cards, checkboxes, monospace text; motion stops when the system asks for less.
import { css } from 'lit';

export const surfaces = css`
  .alert {
    border-radius: 10px;
    padding: 0.75rem 1rem;
    margin: 0;
  }
  .alert:empty {
    display: none;
  }
  .alert.error {
    background: var(--lk-danger-bg);
    color: var(--lk-danger);
  }
  .alert.ok {
    background: var(--lk-ok-bg);
    color: var(--lk-ok);
  }
  .alert.info {
    background: var(--lk-surface-2);
    color: var(--lk-text);
    border-left: 4px solid var(--lk-accent);
  }
  .card {
    background: var(--lk-surface);
    border: 1px solid var(--lk-border);
    border-radius: var(--lk-radius);
    box-shadow: var(--lk-shadow);
    padding: clamp(1.25rem, 4vw, 2rem);
  }
  .checkbox {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 2.75rem;
    font-weight: 500;
    cursor: pointer;
    margin: 0;
  }
  .checkbox input {
    width: 1.4rem;
    height: 1.4rem;
    margin: 0;
    accent-color: var(--lk-accent);
  }
  code,
  .mono {
    font-family: var(--lk-mono);
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
