// The base of every Latchkey element: shared styles, re-render on language or account changes,
// and focus on the first field whenever a step changes.
import { LitElement, type PropertyValues, type ReactiveController } from 'lit';
import { latchkey } from '../lib/configure.ts';
import type { LatchkeyClient } from '../lib/latchkey.ts';
import { onLocaleChange } from '../i18n/i18n.ts';
import { base, tokens } from './styles.ts';

class RerenderOn implements ReactiveController {
  readonly #host: LitElement;
  readonly #subscribe: (render: () => void) => () => void;
  #stop: (() => void) | undefined;

  constructor(host: LitElement, subscribe: (render: () => void) => () => void) {
    this.#host = host;
    this.#subscribe = subscribe;
    host.addController(this);
  }

  hostConnected(): void {
    this.#stop = this.#subscribe(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#stop?.();
  }
}

export class LatchkeyElement extends LitElement {
  static override styles = [tokens, base];

  /** What gets focus after the next render (a new step's first field). */
  #focusPending: string | undefined;

  constructor() {
    super();
    new RerenderOn(this, onLocaleChange);
  }

  get client(): LatchkeyClient {
    return latchkey();
  }

  /** Moves focus, once the next render is done, to the first element marked data-autofocus. */
  protected focusFirstField(selector = '[data-autofocus]'): void {
    this.#focusPending = selector;
    this.requestUpdate();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const selector = this.#focusPending;
    if (!selector) return;
    this.#focusPending = undefined;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    // A child element renders after its parent: focus it once its own boxes exist.
    const pending = (target as Partial<LitElement> | null)?.updateComplete;
    if (pending) void pending.then(() => target?.focus());
    else target?.focus();
  }

  protected emit<T>(name: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/**
 * Runs `start` with the shared client at the element's first update after each connection, and
 * what it returns at disconnection. Not at connection: a host page configures the client after
 * importing the elements, in the same task (docs/elements.md), and that import connects the
 * elements already in the page.
 */
export function whileConnected(host: LitElement, start: (client: LatchkeyClient) => () => void): void {
  let stop: (() => void) | undefined;
  host.addController({
    hostConnected: () => host.requestUpdate(),
    hostUpdate: () => {
      stop ??= start(latchkey());
    },
    hostDisconnected: () => {
      stop?.();
      stop = undefined;
    },
  });
}

/** Re-renders an element whenever the signed-in accounts change. */
export function rerenderOnAccounts(host: LitElement): void {
  whileConnected(host, (client) => client.onChange(() => host.requestUpdate()));
}
