// The look shared by every element: tokens (light and dark), then type, fields, buttons and
// surfaces, in that cascade order. Touch targets are at least 44 px and grow with the page's root
// size (rem) on large screens.
import { css } from 'lit';
import { buttons } from './styles/buttons.ts';
import { fields } from './styles/fields.ts';
import { surfaces } from './styles/surfaces.ts';
import { text } from './styles/text.ts';

export { tokens } from './styles/tokens.ts';

export const base = css`
  ${text}
  ${fields}
  ${buttons}
  ${surfaces}
`;
