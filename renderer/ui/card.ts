// The panel each screen sits in: a heading (the step's name, for screen readers too) and content.
import { html, nothing, type TemplateResult } from 'lit';

export function card(title: string, subtitle: string | undefined, content: TemplateResult): TemplateResult {
  return html`<section class="card" aria-labelledby="step-title">
    <h1 id="step-title">${title}</h1>
    ${subtitle ? html`<p class="muted">${subtitle}</p>` : nothing} ${content}
  </section>`;
}
