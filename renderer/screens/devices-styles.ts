// The devices list: one card per device, this device outlined, badges for this device and trust,
// and each device's sessions (<latchkey-session-list>, styled on its own) inside its card.
import { css } from 'lit';

export const devicesStyles = css`
  :host {
    display: block;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  li.device {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.5rem 1rem;
    padding: 1rem;
    border: 1px solid var(--lk-border);
    border-radius: 12px;
    background: var(--lk-surface);
  }
  li.device.current {
    border-color: var(--lk-accent);
    border-width: 2px;
  }
  .icon {
    color: var(--lk-accent);
    padding-top: 0.15rem;
  }
  .icon svg {
    width: 1.75rem;
    height: 1.75rem;
  }
  .title {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.6rem;
    font-weight: var(--lk-semibold);
    overflow-wrap: anywhere;
  }
  .badge {
    font-size: 0.8rem;
    font-weight: var(--lk-semibold);
    padding: 0.1rem 0.55rem;
    border-radius: 999px;
    background: var(--lk-surface-2);
    color: var(--lk-muted);
  }
  .badge.current {
    background: var(--lk-accent);
    color: var(--lk-accent-text);
  }
  .badge.trusted {
    background: var(--lk-ok-bg);
    color: var(--lk-ok);
  }
  .meta {
    margin: 0.15rem 0 0;
    color: var(--lk-muted);
    font-size: 0.9rem;
  }
  .actions {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
    width: 100%;
  }
  .actions form .field {
    flex: 1 1 12rem;
  }
  .sessions {
    grid-column: 1 / -1;
  }
  .toolbar {
    margin-bottom: 1rem;
  }
  .empty {
    margin: 1rem 0 0;
  }
`;
