// The user's devices and sessions: list, rename, revoke, and take back a device's trust.
import type { LatchkeyClient } from './client-interface.ts';
import { segment, type ClientContext } from './client-context.ts';

export type DeviceMethods = Pick<LatchkeyClient, 'devices' | 'sessions'>;

export function deviceMethods({ session }: ClientContext): DeviceMethods {
  return {
    devices: {
      list: () => session.authed({ method: 'GET', path: '/v1/devices' }),
      rename: (id, name) => session.authed({ method: 'PATCH', path: `/v1/devices/${segment(id)}`, body: { name } }),
      revoke: (id) => session.authed({ method: 'DELETE', path: `/v1/devices/${segment(id)}` }),
      untrust: (id) => session.authed({ method: 'DELETE', path: `/v1/devices/${segment(id)}/trust` }),
    },
    sessions: {
      list: () => session.authed({ method: 'GET', path: '/v1/sessions' }),
      revoke: (id) => session.authed({ method: 'DELETE', path: `/v1/sessions/${segment(id)}` }),
      revokeOthers: () => session.authed({ method: 'POST', path: '/trpc/sessions.revokeOthers', trpc: true }),
    },
  };
}
