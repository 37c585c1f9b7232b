// <latchkey-app>'s layout: a header (brand, navigation, account switcher, language) over the screen.
// The header is one row at every width: on a phone the brand and "Sign out" keep only their
// icons (their names stay for screen readers) and the navigation scrolls sideways if it must.
import { css } from 'lit';

export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
    min-height: 100dvh;
    background: var(--lk-bg);
  }
  header {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    grid-template-areas: 'brand nav tools';
    align-items: center;
    gap: 0.75rem;
    padding: 0.6rem clamp(0.75rem, 3vw, 2rem);
    border-bottom: 1px solid var(--lk-border);
    background: var(--lk-surface);
  }
  .brand {
    grid-area: brand;
    display: flex;
    align-items: center;
    gap: 0.6rem;
    font-weight: 700;
    font-size: 1.15rem;
  }
  .brand svg {
    flex: none;
    width: 2rem;
    height: 2rem;
  }
  .tools {
    grid-area: tools;
    display: flex;
    flex-wrap: nowrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5rem;
  }
  nav {
    grid-area: nav;
    min-width: 0;
    overflow-x: auto;
    scrollbar-width: thin;
  }
  nav ul {
    display: flex;
    flex-wrap: nowrap;
    justify-content: flex-end;
    align-items: center;
    gap: 0.1rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .sign-out {
    padding: 0.4rem 0.8rem;
    white-space: nowrap;
  }
  .sign-out svg {
    display: none;
    width: 1.4rem;
    height: 1.4rem;
  }
  nav a {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: 0.4rem 0.6rem;
    border-radius: 10px;
    color: var(--lk-text);
    font-weight: var(--lk-semibold);
    text-decoration: none;
    white-space: nowrap;
  }
  nav a[aria-current='page'] {
    background: var(--lk-surface-2);
    color: var(--lk-accent);
  }
  nav a:hover {
    text-decoration: underline;
  }
  @media (max-width: 40rem) {
    header {
      gap: 0.5rem;
    }
    nav ul {
      justify-content: flex-start;
    }
    nav a {
      padding: 0.4rem 0.45rem;
    }
    .brand .name {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    /* Only the icon shows; the words stay the button's name for screen readers. */
    .sign-out {
      padding: 0.4rem;
      font-size: 0;
    }
    .sign-out svg {
      display: block;
    }
    .sign-out .spinner {
      width: 1.4rem;
      height: 1.4rem;
      border-width: 0.2rem;
    }
  }
  main {
    flex: 1;
    width: 100%;
    max-width: 44rem;
    margin: 0 auto;
    padding: clamp(1rem, 4vw, 3rem) clamp(0.75rem, 3vw, 2rem);
  }
  main.narrow {
    max-width: 30rem;
  }
  :host([kiosk]) main {
    display: flex;
    flex-direction: column;
    justify-content: center;
  }
  :host([kiosk]) main.wide {
    justify-content: flex-start;
  }
  .notice {
    margin-bottom: 1rem;
  }
`;
