// Lockout as an HTTP client sees it (docs/security.md R43, R44; docs/rest-api.md): a locked account
// answers RATE_LIMITED, byte for byte the same for unknown emails; and a device id named by an
// HTTP client counts only with its address, so it cannot lock the kiosk that owns it.
import { describe, expect, it } from 'vitest';
import { ipcRequestInfo } from '../../main/ipc/latchkey-ipc.ts';
import { machineDevice } from '../../main/ipc/device-identity.ts';
import { startHttp } from '../helpers/http.ts';
import { PASSWORD } from '../helpers/server.ts';

/** The raw answer: status, Retry-After and the body exactly as sent. */
async function rawLogin(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

describe('a locked account over HTTP', () => {
  it('answers 429 RATE_LIMITED, byte-identical for a known email (right password) and an unknown one', async () => {
    const { url, api } = await startHttp();
    await api.register('ada@example.com');
    for (const email of ['ada@example.com', 'ghost@example.com']) {
      for (let i = 0; i < 5; i++) expect((await rawLogin(url, email, 'wrong password entirely')).status).toBe(401);
    }
    const known = await rawLogin(url, 'ada@example.com', PASSWORD);
    const knownWrong = await rawLogin(url, 'ada@example.com', 'wrong password entirely');
    const unknown = await rawLogin(url, 'ghost@example.com', PASSWORD);
    expect(known).toEqual({
      status: 429,
      retryAfter: '30',
      body: JSON.stringify({
        success: false,
        error: { code: 'RATE_LIMITED', message: 'Too many attempts. Please try again later.', retryAfter: 30 },
      }),
    });
    expect(unknown).toEqual(known);
    expect(knownWrong).toEqual(known);
  });
});

describe('device throttle keys', () => {
  it('HTTP failures naming the kiosk device id do not block sign-in on the kiosk over IPC', async () => {
    const { url, api, server } = await startHttp({ lockout: { sourceThreshold: 5 } });
    await api.register('ada@example.com');
    const kiosk = machineDevice({
      installationId: 'ins_kiosk00000000000000001',
      nodePlatform: 'linux',
      hostname: 'kiosk-7',
      osVersion: '6.1.0',
      appVersion: '0.1.0',
    });
    const deviceId = kiosk.id!;
    // One address, one device id, many accounts: the address and the (device, address) pair lock.
    for (let i = 0; i < 5; i++) {
      const reply = await rawLogin(url, `u${i}@example.com`, 'wrong password entirely', { 'x-device-id': deviceId });
      expect(reply.status).toBe(401);
    }
    expect((await rawLogin(url, 'ada@example.com', PASSWORD, { 'x-device-id': deviceId })).status).toBe(429);
    const { throttle } = server.services;
    expect(throttle.failures(`dev:${deviceId}@127.0.0.1`)).toBe(5);
    expect(throttle.failures(`dev:${deviceId}`)).toBe(0);

    const ipc = server.caller(ipcRequestInfo({ device: kiosk }));
    const result = await ipc.auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(result).toMatchObject({ requires2fa: false, device: { id: deviceId } });
    // Over IPC main vouches for the id, so the kiosk's own failures count on the device itself.
    await expect(ipc.auth.login({ email: 'ada@example.com', password: 'wrong password entirely' })).rejects.toThrow();
    expect(throttle.failures(`dev:${deviceId}`)).toBe(1);
  });
});
