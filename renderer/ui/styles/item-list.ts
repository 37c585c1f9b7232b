// A settings list (passkeys, a device's sessions): unmarked rows, each a tinted block, with a
// smaller muted line of details (`.meta`) under its name.
import { css } from 'lit';

export const itemList = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  li {
    padding: 0.6rem 0.85rem;
    border-radius: 10px;
    background: var(--lk-surface-2);
  }
  .meta {
    margin: 0.15rem 0 0;
    color: var(--lk-muted);
    font-size: 0.9rem;
  }
`;
