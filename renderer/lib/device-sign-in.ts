// The kiosk's wait for a phone, for the screens: poll auth.pollDeviceSignIn every `interval`
// seconds, 5 s longer after each SLOW_DOWN, until the session comes (then it is the active
// account), the phone denies, the code expires, or the screen stops waiting. When the transport
// hears that the phone decided, the wait ends early and the kiosk polls at once. The wait is
// injectable so tests move time without sleeping.
import type { DeviceSignInStarted } from '../../shared/device-sign-in.ts';
import type { AuthResult } from '../../shared/types.ts';
import type { LatchkeyClient } from './latchkey.ts';
import { toApiError } from './api-error.ts';

export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

export const timerWait: Wait = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

export async function waitForDeviceSignIn(
  client: LatchkeyClient,
  started: Pick<DeviceSignInStarted, 'deviceCode' | 'interval'>,
  options: { signal: AbortSignal; wait?: Wait | undefined },
): Promise<AuthResult> {
  const wait = options.wait ?? timerWait;
  let interval = started.interval;
  const watch = client.transport.watchDeviceCode?.(started.deviceCode);
  // Cuts one wait short, once: after that the interval holds again, whatever the poll answered.
  let early: Promise<void> | undefined = watch?.decided.then(() => {
    early = undefined;
  });
  try {
    for (;;) {
      await Promise.race([wait(interval * 1000, options.signal), ...(early ? [early] : [])]);
      options.signal.throwIfAborted();
      try {
        const result = await client.api.auth.pollDeviceSignIn.mutate({ deviceCode: started.deviceCode });
        client.signedIn(result);
        return result;
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError.code === 'SLOW_DOWN') interval = apiError.retryAfter ?? interval + 5;
        else if (apiError.code !== 'AUTHORIZATION_PENDING') throw apiError;
      }
    }
  } finally {
    watch?.close();
  }
}
