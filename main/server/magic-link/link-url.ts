// The URL a magic-link mail carries (docs/configuration.md, `magicLink.linkForm`): the screens on
// the web (`<base>/auth/magic?token=…`) or the desktop app through its own scheme
// (`latchkey://auth/magic?token=…`, main/shell/deep-link.ts reads it).
import type { RequestInfo } from '../request.ts';
import type { MagicLinkConfig } from './config.ts';

export const MAGIC_LINK_PATH = '/auth/magic';

export function magicLinkUrl(config: MagicLinkConfig, request: RequestInfo, token: string): string {
  const query = `?token=${token}`;
  const appLink = `${config.appScheme}://auth/magic${query}`;
  const form = config.linkForm === 'auto' ? (request.transport === 'ipc' ? 'app' : 'web') : config.linkForm;
  if (form === 'app') return appLink;
  const base = config.webBaseUrl ?? request.origin;
  // No web origin to point at (an in-process call with no base configured): the app can open it.
  if (!base) return appLink;
  return `${base.replace(/\/+$/, '')}${MAGIC_LINK_PATH}${query}`;
}
