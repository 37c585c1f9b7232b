// Type and layout helpers: headings, paragraphs, muted text, stacks and rows, visually hidden text.
import { css } from 'lit';

export const text = css`
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
`;
