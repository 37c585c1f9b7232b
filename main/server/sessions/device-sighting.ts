// Which device a call comes from: the client's own description, the transport's headers, and —
// over IPC — the main process's word, which the renderer cannot override.
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../request.ts';
import type { DeviceSighting } from './devices.ts';

export function deviceSighting(request: RequestInfo, fromBody: DeviceInput | undefined): DeviceSighting {
  const described = request.deviceFromTransport ? request.device : { ...request.device, ...definedOnly(fromBody) };
  return { ...described, userAgent: request.userAgent, ipAddress: request.ipAddress };
}

/** What a device said at the first factor, with what it says at the second over it. */
export function laterSighting(first: DeviceSighting, later: DeviceSighting): DeviceSighting {
  return { ...first, ...definedOnly(later) };
}

function definedOnly<T extends object>(input: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}
