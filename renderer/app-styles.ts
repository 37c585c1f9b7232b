// <latchkey-app>'s layout: a header (brand, navigation, account switcher, language) over the screen.
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
    grid-template-columns: auto 1fr;
    grid-template-areas: 'brand tools';
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.6rem clamp(0.75rem, 3vw, 2rem);
    border-bottom: 1px solid var(--lk-border);
    background: var(--lk-surface);
  }
  header.with-nav {
    grid-template-areas: 'brand tools' 'nav nav';
  }
  @media (min-width: 52rem) {
    header.with-nav {
      grid-template-columns: auto 1fr auto;
      grid-template-areas: 'brand nav tools';
    }
  }
  .brand {
    grid-area: brand;
    display: flex;
    align-items: center;
    gap: 0.6rem;
    font-weight: 700;
    font-size: 1.15rem;
  }
  .brand img {
    width: 32px;
    height: 32px;
  }
  .tools {
    grid-area: tools;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5rem;
    min-width: 0;
  }
  nav {
    grid-area: nav;
    min-width: 0;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.1rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  @media (min-width: 52rem) {
    nav ul {
      justify-content: flex-end;
    }
  }
  .sign-out {
    padding: 0.4rem 0.8rem;
  }
  nav a {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 0.4rem 0.6rem;
    border-radius: 10px;
    color: var(--lk-text);
    font-weight: 600;
    text-decoration: none;
  }
  nav a[aria-current='page'] {
    background: var(--lk-surface-2);
    color: var(--lk-accent);
  }
  nav a:hover {
    text-decoration: underline;
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
