// The kiosk's default wait (timerWait) when the events socket ends it early: nothing of the wait may
// stay behind once waitForDeviceSignIn has settled (docs/client.md, signing in to a kiosk).
import { getEventListeners } from 'node:events';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketConstructor } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startClientServer } from './helpers.ts';

describe('latchkey/client device sign-in, default timer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an approval over the socket leaves no pending timer and no abort listener on the signal', async () => {
    const { newClient } = await startClientServer();
    const phone = newClient({ device: { id: 'phone-1', platform: 'ios' } });
    await phone.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    const kiosk = newClient({ device: { id: 'kiosk-1' }, WebSocket: WebSocket as unknown as WebSocketConstructor });
    const started = await kiosk.startDeviceSignIn();
    const controller = new AbortController();
    let approving: Promise<unknown> | undefined;
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');

    const waiting = kiosk.waitForDeviceSignIn(started, {
      signal: controller.signal,
      onPending: () => void (approving ??= phone.approveSignIn(started.userCode)),
    });
    const result = await waiting;
    await approving;
    expect(result.device.id).toBe('kiosk-1');

    // The 5 s interval timer was for a wait that is over: it must not hold the process or the signal.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const intervalTimers = setTimer.mock.calls.flatMap((call, i) =>
      call[1] === started.interval * 1000 ? [setTimer.mock.results[i]!.value as unknown] : [],
    );
    expect(intervalTimers).toHaveLength(1);
    expect(clearTimer.mock.calls.map((call) => call[0] as unknown)).toContain(intervalTimers[0]);
  });
});
