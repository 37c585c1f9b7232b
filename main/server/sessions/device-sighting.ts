// Which device a call comes from: the client's own description, the transport's headers, and —
// over IPC — the main process's word, which the renderer cannot override.
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../api/context.ts';
import type { DeviceSighting } from './devices.ts';

export function deviceSighting(request: RequestInfo, fromBody: DeviceInput | undefined): DeviceSighting {
  const described = request.deviceFromTransport ? request.device : { ...request.device, ...definedOnly(fromBody) };
  return { ...described, userAgent: request.userAgent, ipAddress: request.ipAddress };
}

function definedOnly(input: DeviceInput | undefined): DeviceInput {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== undefined));
}
