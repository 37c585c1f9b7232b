// The look shared by every element: tokens (light and dark), type, fields, buttons, alerts.
// Touch targets are at least 44 px and grow with the page's root size (rem) on large screens;
// motion stops when the system asks for less. Chinese text gets fonts that have a bold face, and
// a heavier "semibold", since most CJK fonts have no 600 weight and would fall back to regular.
import { css } from 'lit';

export const tokens = css`
  :host {
    --lk-bg: #f4f6fb;
    --lk-surface: #ffffff;
    --lk-surface-2: #f0f3f9;
    --lk-text: #141a26;
    --lk-muted: #4d5870;
    --lk-border: #c9d1e0;
    --lk-accent: #2f5bd3;
    --lk-accent-strong: #1f44a8;
    --lk-accent-text: #ffffff;
    --lk-focus: #2f5bd3;
    --lk-danger: #b3261e;
    --lk-danger-bg: #fdecea;
    --lk-ok: #1c6b3a;
    --lk-ok-bg: #e6f4ea;
    --lk-warn: #7a4b00;
    --lk-radius: 12px;
    --lk-shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 8px 24px rgb(16 24 40 / 8%);
    --lk-font:
      system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC',
      'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif;
    --lk-semibold: 600;
    --lk-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace;
    color: var(--lk-text);
    font-family: var(--lk-font);
    line-height: 1.5;
  }
  :host(:lang(zh)) {
    --lk-font:
      'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', system-ui,
      -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
    --lk-semibold: 700;
    font-synthesis: weight;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --lk-bg: #0e121a;
      --lk-surface: #171c27;
      --lk-surface-2: #1f2533;
      --lk-text: #e8ecf4;
      --lk-muted: #a7b0c2;
      --lk-border: #3a4357;
      --lk-accent: #7ea2ff;
      --lk-accent-strong: #a5bfff;
      --lk-accent-text: #0b1020;
      --lk-focus: #a5bfff;
      --lk-danger: #ffb4ab;
      --lk-danger-bg: #3b1512;
      --lk-ok: #9bd8ad;
      --lk-ok-bg: #14301f;
      --lk-warn: #ffd28a;
      --lk-shadow: 0 1px 2px rgb(0 0 0 / 40%), 0 8px 24px rgb(0 0 0 / 30%);
    }
  }
`;

export const base = css`
  * {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.35em;
  }
  h1 {
    font-size: 1.6rem;
  }
  h2 {
    font-size: 1.2rem;
    margin-bottom: 0.6em;
  }
  p {
    margin: 0 0 1em;
  }
  .muted {
    color: var(--lk-muted);
  }
  .small {
    font-size: 0.9rem;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: 1rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
  }
  .spread {
    justify-content: space-between;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
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
