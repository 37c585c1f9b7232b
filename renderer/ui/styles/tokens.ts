// The design tokens (light and dark) every element reads: colours, radius, shadow, fonts. Chinese
// text gets fonts that have a bold face, and a heavier "semibold", since most CJK fonts have no 600
// weight and would fall back to regular.
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
