// Device sign-in (docs/client.md): the kiosk's side (start, poll, wait) and the phone's (describe,
// approve, deny the code the kiosk shows).
import type { AuthResult } from '../../shared/types.ts';
import type { LatchkeyClient } from './client-interface.ts';
import { postWithDevice, type ClientContext } from './client-context.ts';
import { waitForDeviceSignIn } from './device-sign-in.ts';

export type DeviceSignInMethods = Pick<
  LatchkeyClient,
  'startDeviceSignIn' | 'pollDeviceSignIn' | 'waitForDeviceSignIn' | 'describeSignIn' | 'approveSignIn' | 'denySignIn'
>;

export function deviceSignInMethods(context: ClientContext): DeviceSignInMethods {
  const { url, transport, session } = context;

  async function pollDeviceSignIn(deviceCode: string): Promise<AuthResult> {
    const result = await transport<AuthResult>({
      method: 'POST',
      path: '/v1/auth/device-code/poll',
      body: { deviceCode },
    });
    await session.accept(result);
    return result;
  }

  return {
    startDeviceSignIn: () => postWithDevice(context, '/v1/auth/device-code', {}),
    pollDeviceSignIn,
    waitForDeviceSignIn: (started, waitOptions) =>
      waitForDeviceSignIn({ baseUrl: url, poll: pollDeviceSignIn, WebSocket: context.WebSocket }, started, waitOptions),
    describeSignIn: (userCode) =>
      session.authed({ method: 'POST', path: '/v1/device-code/describe', body: { userCode } }),
    approveSignIn: (userCode) =>
      session.authed({ method: 'POST', path: '/v1/device-code/approve', body: { userCode } }),
    denySignIn: (userCode) => session.authed({ method: 'POST', path: '/v1/device-code/deny', body: { userCode } }),
  };
}
