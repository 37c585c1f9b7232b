// Who may talk to the router over IPC (docs/security.md R53, VS Code's validatedIpcMain): the main
// frame of a window main created, showing a page of the app's own origin. Checked on every
// message, before it is even parsed; origins are compared after parsing with URL, never by prefix.

/** The parts of Electron's IpcMainEvent the adapter uses (structurally compatible with it). */
export interface IpcEventLike {
  sender: { id: number; isDestroyed(): boolean };
  senderFrame: { url: string; parent: unknown } | null;
  reply(channel: string, ...args: unknown[]): void;
}

export interface SenderPolicy {
  /** The app's own origin, e.g. `app://latchkey`. */
  appOrigin: string;
  /** True for the webContents of windows main created and still tracks. */
  isKnownSender(webContentsId: number): boolean;
}

export type SenderRejection = 'no_frame' | 'subframe' | 'foreign_origin' | 'unknown_window';

/**
 * The app's origin as given to installLatchkey, checked once at the start: a URL with no host
 * (`file://`, `data:`) has no origin, and an origin left out would match every page without one.
 */
export function requireAppOrigin(appOrigin: unknown): string {
  const origin = typeof appOrigin === 'string' ? originOf(appOrigin) : undefined;
  if (origin === undefined || origin !== appOrigin)
    throw new Error(
      `appOrigin must be a scheme and host such as app://my-app, with no path; got ${JSON.stringify(appOrigin ?? null)}`,
    );
  return origin;
}

/** `scheme://host[:port]` of a URL, or undefined when it does not parse or carries credentials. */
export function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // Custom schemes have an opaque URL.origin ("null") in Node, so build it from its parts.
  if (parsed.username || parsed.password || !parsed.host) return undefined;
  return `${parsed.protocol}//${parsed.host}`;
}

export function checkSender(event: IpcEventLike, policy: SenderPolicy): SenderRejection | undefined {
  const frame = event.senderFrame;
  // A frame that navigated away or was destroyed before its message arrived has no identity left.
  if (!frame) return 'no_frame';
  if (frame.parent !== null) return 'subframe';
  if (originOf(frame.url) !== policy.appOrigin) return 'foreign_origin';
  if (!policy.isKnownSender(event.sender.id)) return 'unknown_window';
  return undefined;
}
