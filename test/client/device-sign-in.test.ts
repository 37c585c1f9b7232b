// latchkey/client's device sign-in over real HTTP on 127.0.0.1: a kiosk client waits, a phone
// client describes and approves or denies. The wait is injected: time moves on the server's
// manual clock, never by sleeping.
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import type { WebSocketConstructor } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { refusal, startClientServer } from './helpers.ts';

async function setup() {
  const test = await startClientServer();
  const kiosk = test.newClient({ device: { id: 'kiosk-1', name: 'Lobby kiosk', platform: 'linux' } });
  const phone = test.newClient({ device: { id: 'phone-1', name: 'Ada’s phone', platform: 'ios' } });
  await phone.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
  return { ...test, kiosk, phone };
}

describe('latchkey/client device sign-in', () => {
  it('polls at the interval, waits 5 s longer after SLOW_DOWN, and keeps the session it gets', async () => {
    const { kiosk, phone, clock } = await setup();
    const started = await kiosk.startDeviceSignIn();
    expect(started).toMatchObject({ interval: 5, expiresIn: 600, userCode: expect.stringMatching(/^\w{4}-\w{4}$/) });
    expect(await phone.describeSignIn(started.userCode.toLowerCase())).toMatchObject({
      device: { name: 'Lobby kiosk', platform: 'linux' },
    });
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
      if (waits.length === 1) clock.advance(ms);
      if (waits.length === 2) clock.advance(1000); // too soon: SLOW_DOWN
      if (waits.length === 3) {
        await phone.approveSignIn(started.userCode);
        clock.advance(ms);
      }
    };
    const result = await kiosk.waitForDeviceSignIn(started, { wait, live: false });
    expect(waits).toEqual([5000, 5000, 10_000]);
    expect(result).toMatchObject({ user: { email: 'ada@example.com' }, device: { id: 'kiosk-1' } });
    expect(result.session.amr).toEqual(['pwd', 'mca']);
    expect(await kiosk.isSignedIn()).toBe(true);
    expect((await kiosk.me()).email).toBe('ada@example.com');
    // The kiosk is one of the phone's devices, and the phone can end it.
    const devices = await phone.devices.list();
    expect(devices.map((device) => device.id).sort()).toEqual(['kiosk-1', 'phone-1']);
    await phone.devices.revoke('kiosk-1');
    expect((await refusal(kiosk.me())).code).toBe('UNAUTHORIZED');
    expect((await refusal(kiosk.pollDeviceSignIn(started.deviceCode))).code).toBe('EXPIRED_TOKEN');
  });

  it('the events socket wakes the wait as soon as the phone approves', async () => {
    const { phone, newClient } = await setup();
    const kiosk = newClient({
      device: { id: 'kiosk-1' },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const started = await kiosk.startDeviceSignIn();
    let approving: Promise<unknown> | undefined;
    // A wait that never ends by itself: only the socket's news can end it.
    const wait = () => {
      approving ??= phone.approveSignIn(started.userCode);
      return new Promise<void>(() => {});
    };
    const result = await kiosk.waitForDeviceSignIn(started, { wait });
    await approving;
    expect(result.device.id).toBe('kiosk-1');
  });

  it('a denial rejects with ACCESS_DENIED; an abort rejects with the signal’s reason', async () => {
    const { kiosk, phone, clock } = await setup();
    const started = await kiosk.startDeviceSignIn();
    expect(await phone.denySignIn(started.userCode)).toEqual({ userCode: started.userCode, decision: 'denied' });
    const denied = await refusal(
      kiosk.waitForDeviceSignIn(started, { wait: async (ms) => clock.advance(ms), live: false }),
    );
    expect([denied.code, denied.status]).toEqual(['ACCESS_DENIED', 403]);

    const again = await kiosk.startDeviceSignIn();
    const controller = new AbortController();
    const waiting = kiosk.waitForDeviceSignIn(again, {
      live: false,
      wait: async (ms) => {
        clock.advance(ms);
        controller.abort(new Error('kiosk left the screen'));
      },
      signal: controller.signal,
    });
    await expect(waiting).rejects.toThrow('kiosk left the screen');
  });
});
