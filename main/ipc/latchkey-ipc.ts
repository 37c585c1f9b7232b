// Assembles the IPC transport from its Electron-free parts: the sender policy, the adapter, the
// app session layer and the machine's identity. main/electron/ wires the result to ipcMain; tests
// and the Chromium suite drive the same object with Electron-shaped events.
import { BRIDGE_CHANNEL, type BridgeResponse } from '../../shared/bridge.ts';
import { pickLocale, type Locale } from '../../shared/errors.ts';
import type { DeviceInput } from '../../shared/schemas.ts';
import type { AppSession } from '../app-session/app-session.ts';
import type { Context } from '../server/api/context.ts';
import type { RequestInfo } from '../server/request.ts';
import type { AuthServer } from '../server/server.ts';
import { createIpcHandler, type IpcHandler } from './ipc-handler.ts';
import { createIpcRouter } from './ipc-router.ts';
import { sessionLayer } from './session-layer.ts';
import { requireAppOrigin } from './sender-policy.ts';

export interface MachineRequest {
  device: DeviceInput;
  userAgent?: string | undefined;
  /** The system's language tag (app.getLocale()). */
  locale?: string | undefined;
}

/** What every call arriving over IPC carries: this machine, vouched for by main. */
export function ipcRequestInfo(machine: MachineRequest, locale?: Locale): RequestInfo {
  return {
    transport: 'ipc',
    locale: locale ?? pickLocale(machine.locale),
    device: machine.device,
    deviceFromTransport: true,
    userAgent: machine.userAgent,
  };
}

const MAX_AUDITED_REFUSALS = 100;

export interface LatchkeyIpcOptions {
  server: AuthServer;
  session: AppSession;
  machine: MachineRequest;
  /** The app's own origin, e.g. `app://latchkey`. */
  appOrigin: string;
  isKnownSender(webContentsId: number): boolean;
}

export function createLatchkeyIpc(options: LatchkeyIpcOptions): IpcHandler {
  const { server, session, machine } = options;
  const { services } = server;
  // Every refusal is audited, up to a cap per window and reason, so a misbehaving page cannot
  // grow the audit table without bound; past the cap it is logged once.
  const refusals = new Map<string, number>();
  return createIpcHandler({
    router: createIpcRouter(session, { devMode: server.config.devMode }),
    channel: BRIDGE_CHANNEL,
    policy: { appOrigin: requireAppOrigin(options.appOrigin), isKnownSender: options.isKnownSender },
    async createContext({ locale }): Promise<Context> {
      const request = ipcRequestInfo(machine, locale === undefined ? undefined : pickLocale(locale));
      return {
        services,
        request: {
          ...request,
          accessToken: await session.accessToken(),
          // Main presents the trust token it holds for whoever signs in; the renderer never has one.
          deviceTrustToken: (userId) => session.deviceTrustToken(userId),
        },
      };
    },
    onRejected(rejection) {
      const key = `${rejection.webContentsId}:${rejection.reason}`;
      const count = (refusals.get(key) ?? 0) + 1;
      refusals.set(key, count);
      if (count > MAX_AUDITED_REFUSALS) {
        if (count === MAX_AUDITED_REFUSALS + 1) {
          services.logger.log('warn', 'ipc refusals no longer audited for this window', { reason: rejection.reason });
        }
        return;
      }
      services.audit.record(
        {
          type: 'ipc_message_rejected',
          details: { reason: rejection.reason, origin: rejection.origin ?? null, webContents: rejection.webContentsId },
        },
        { transport: 'ipc' },
      );
      services.logger.log('warn', 'ipc message rejected', { reason: rejection.reason, origin: rejection.origin });
    },
    wrapCall: sessionLayer(session),
    onInternalError(error, path) {
      services.logger.log('error', 'ipc call failed', { path, error: error instanceof Error ? error.name : 'unknown' });
    },
  });
}

/** Pushes live changes of the active account's sessions and devices to the renderer. */
export function forwardAccountEvents(
  server: AuthServer,
  session: AppSession,
  send: (message: BridgeResponse) => void,
): () => void {
  return session.onActiveAccountEvent((event) => {
    send({
      event: {
        type: event.kind,
        ...(event.sessionId ? { sessionId: event.sessionId } : {}),
        ...(event.deviceId ? { deviceId: event.deviceId } : {}),
        at: new Date(server.services.clock.now()).toISOString(),
      },
    });
  });
}

/**
 * Tells the renderer when a phone decides a device sign-in, so a kiosk screen waiting for one polls
 * at once (docs/elements.md). Only the device code's hash crosses; the screen holding the code matches it.
 */
export function forwardDeviceCodeDecisions(server: AuthServer, send: (message: BridgeResponse) => void): () => void {
  return server.events.on('deviceCode', ({ codeHash, outcome }) => send({ deviceCode: { codeHash, outcome } }));
}
