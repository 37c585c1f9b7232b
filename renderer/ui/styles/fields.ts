// Form fields: labels, inputs and their focus and invalid states, hints, field errors.
import { css } from 'lit';

export const fields = css`
  label,
  .label {
    display: block;
    font-weight: var(--lk-semibold);
    margin-bottom: 0.35rem;
  }
  .field {
    display: flex;
    flex-direction: column;
  }
  input[type='text'],
  input[type='email'],
  input[type='password'],
  input:not([type]) {
    width: 100%;
    min-height: 3rem;
    padding: 0.6rem 0.85rem;
    font: inherit;
    font-size: 1rem;
    color: var(--lk-text);
    background: var(--lk-surface);
    border: 1.5px solid var(--lk-border);
    border-radius: 10px;
  }
  input:focus-visible {
    outline: 3px solid var(--lk-focus);
    outline-offset: 1px;
    border-color: var(--lk-focus);
  }
  input[aria-invalid='true'] {
    border-color: var(--lk-danger);
  }
  .hint {
    color: var(--lk-muted);
    font-size: 0.9rem;
    margin: 0.35rem 0 0;
  }
  .retry {
    margin-top: -0.5rem;
    color: var(--lk-danger);
    font-weight: var(--lk-semibold);
  }
  .field-error {
    color: var(--lk-danger);
    font-size: 0.9rem;
    margin: 0.35rem 0 0;
  }
  .input-with-button {
    display: flex;
    gap: 0.5rem;
  }
  .input-with-button input {
    flex: 1;
    min-width: 0;
  }
`;
