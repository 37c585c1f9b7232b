// Deep links into the app (docs/getting-started-electron.md): Electron-only glue. The app is the
// OS handler of the configured scheme (`magicLink.appScheme`); macOS hands a link over as
// `open-url`, Windows and Linux as launch arguments (the first launch's, or a second launch's
// through the single-instance lock). Every decision is main/shell/deep-link.ts's.
import { resolve } from 'node:path';
import { app } from 'electron';
import { deepLinkFromArgv, parseDeepLink, protocolClientArgs, type DeepLink } from '../shell/deep-link.ts';

export interface DeepLinkTarget {
  scheme: string;
  /** Shows the landing page for the token; the screens confirm, then main verifies it. */
  openMagicLink(token: string): void;
}

type Decide = (scheme: string) => DeepLink;

/**
 * Listens from now on (before `ready`: macOS may deliver the launching link early) and keeps what
 * arrives until the app is up; the returned function hands the links to it from then on.
 */
export function routeDeepLinks(): (target: DeepLinkTarget) => void {
  const pending: Decide[] = [];
  let target: DeepLinkTarget | undefined;
  const deliver = (decide: Decide) => {
    if (!target) return void pending.push(decide);
    const link = decide(target.scheme);
    if (link.kind === 'magic') target.openMagicLink(link.token);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver((scheme) => parseDeepLink(url, scheme));
  });
  app.on('second-instance', (_event, argv) => deliver((scheme) => deepLinkFromArgv(argv, scheme)));
  deliver((scheme) => deepLinkFromArgv(process.argv, scheme));
  return (ready) => {
    target = ready;
    const args = protocolClientArgs({
      scheme: ready.scheme,
      defaultApp: process.defaultApp === true,
      execPath: process.execPath,
      appPath: resolve(process.argv[1] ?? '.'),
    });
    if (args.length === 1) app.setAsDefaultProtocolClient(args[0]);
    else app.setAsDefaultProtocolClient(args[0], args[1], args[2]);
    for (const decide of pending.splice(0)) deliver(decide);
  };
}
