// @vitest-environment happy-dom
// The screens' client over the Electron preload bridge (a fake one here): calls and their errors
// as tRPC messages, main's account list mirrored, live events, and sign-out through main.
import { describe, expect, it } from 'vitest';
import type { BridgeAccountEvent, BridgeRequest, BridgeResponse, LatchkeyBridge } from '../../shared/bridge.ts';
import type { PublicDevice, PublicSession, PublicUser } from '../../shared/types.ts';
import { LatchkeyClient, type EndReason } from '../../renderer/lib/latchkey.ts';
import { bridgeTransport } from '../../renderer/lib/transport.ts';
import { waitForDeviceSignIn } from '../../renderer/lib/device-sign-in.ts';
import { setLocale } from '../../renderer/i18n/i18n.ts';

const user = { id: 7, email: 'ada@example.com', name: 'Ada', totpEnabled: false } as PublicUser;
const device = { id: 'dev-1', current: true } as PublicDevice;
const session = { id: 'ses-1', deviceId: 'dev-1', current: true } as PublicSession;

type Answer = (request: Extract<BridgeRequest, { params: unknown }>) => BridgeResponse | undefined;

function fakeBridge(answer: Answer) {
  const listeners = new Set<(message: BridgeResponse) => void>();
  const sent: BridgeRequest[] = [];
  const bridge: LatchkeyBridge = {
    appInfo: { name: 'Latchkey', version: '1.0.0', platform: 'linux' },
    sendMessage(message) {
      sent.push(message);
      if (!('params' in message)) return;
      queueMicrotask(() => {
        const response = answer(message);
        if (response) for (const listener of [...listeners]) listener(response);
      });
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (event: BridgeAccountEvent) => {
    for (const listener of [...listeners]) listener({ event });
  };
  return { bridge, sent, emit, listeners };
}

const data = (id: number, value: unknown): BridgeResponse => ({ id, result: { type: 'data', data: value } });
const state = { activeUserId: 7, accounts: [{ user, device, session }] };

function mainAnswers(extra: Record<string, unknown> = {}): Answer {
  return (request) => {
    const { path } = request.params;
    if (path === 'app.state') return data(request.id, state);
    if (path in extra) return data(request.id, extra[path]);
    if (path === 'account.updateName') {
      return {
        id: request.id,
        error: {
          message: '请重新登录。',
          code: -32001,
          data: { code: 'UNAUTHORIZED', error: { code: 'REAUTH_REQUIRED', message: '请重新登录以确认是您本人。' } },
        },
      };
    }
    return undefined;
  };
}

async function settle(client: LatchkeyClient): Promise<void> {
  for (let i = 0; i < 20 && !client.active; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('client over the preload bridge', () => {
  it('mirrors the accounts main holds, with no token in the renderer', async () => {
    const { bridge } = fakeBridge(mainAnswers());
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await settle(client);
    expect(client.active?.user.email).toBe('ada@example.com');
    expect(client.active?.tokens).toBeUndefined();
    expect(client.device()).toBeUndefined();
  });

  it('carries a call and its answer as tRPC messages, with the screen language', async () => {
    const { bridge, sent } = fakeBridge(mainAnswers({ 'account.me': user }));
    const client = new LatchkeyClient(bridgeTransport(bridge));
    setLocale('zh');
    await expect(client.call((api) => api.account.me.query())).resolves.toEqual(user);
    setLocale('en');
    const call = sent.find((m) => 'params' in m && m.params.path === 'account.me');
    expect(call).toMatchObject({ method: 'query', locale: 'zh' });
  });

  it('turns an error that crossed as data into the contract error', async () => {
    const { bridge } = fakeBridge(mainAnswers());
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await expect(client.call((api) => api.account.updateName.mutate({ name: 'A' }))).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
    });
  });

  it('gives two calls in flight distinct ids and answers each its own', async () => {
    const { bridge, sent } = fakeBridge(mainAnswers({ 'devices.list': [device], 'sessions.list': [session] }));
    const client = new LatchkeyClient(bridgeTransport(bridge));
    const [devices, sessions] = await Promise.all([
      client.call((api) => api.devices.list.query()),
      client.call((api) => api.sessions.list.query()),
    ]);
    expect(devices).toEqual([device]);
    expect(sessions).toEqual([session]);
    const ids = sent.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('passes live events on, and signs out locally when this session is revoked elsewhere', async () => {
    const { bridge, emit } = fakeBridge(mainAnswers());
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await settle(client);
    const events: string[] = [];
    const reasons: Array<EndReason | undefined> = [];
    client.onAccountEvent((event) => events.push(event.type));
    client.onChange((reason) => reasons.push(reason));
    emit({ type: 'session.created', sessionId: 'ses-2' });
    expect(client.active).toBeDefined();
    emit({ type: 'session.revoked', sessionId: 'ses-1' });
    expect(events).toEqual(['session.created', 'session.revoked']);
    expect(client.active).toBeUndefined();
    expect(reasons).toContain('session_ended');
  });

  it('signs out through main, which holds the tokens', async () => {
    const { bridge, sent } = fakeBridge(mainAnswers({ 'app.signOut': { activeUserId: null, accounts: [] } }));
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await settle(client);
    await client.signOut();
    expect(client.active).toBeUndefined();
    const paths = sent.flatMap((m) => ('params' in m ? [m.params.path] : []));
    expect(paths).toContain('app.signOut');
    expect(paths).not.toContain('auth.logout');
  });

  it('switches accounts through main', async () => {
    const other = { user: { ...user, id: 8, email: 'bo@example.com' }, device, session: { ...session, id: 'ses-9' } };
    const { bridge, sent } = fakeBridge((request) =>
      request.params.path === 'app.state'
        ? data(request.id, { activeUserId: 7, accounts: [{ user, device, session }, other] })
        : data(request.id, null),
    );
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await settle(client);
    client.switchTo(8);
    expect(client.active?.user.email).toBe('bo@example.com');
    expect(sent.some((m) => 'params' in m && m.params.path === 'app.switchAccount')).toBe(true);
  });

  it('a kiosk waiting for a phone polls as soon as main forwards its own decision, not at the interval', async () => {
    const result = { requires2fa: false, user, device, session, tokens: {} };
    const { bridge, sent, listeners } = fakeBridge(mainAnswers({ 'auth.pollDeviceSignIn': result }));
    const client = new LatchkeyClient(bridgeTransport(bridge));
    await settle(client);
    const deviceCode = 'kiosk-device-code-0000000000000000000000000';
    const hex = async (text: string) =>
      Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');
    const forward = (codeHash: string) => {
      for (const listener of [...listeners]) listener({ deviceCode: { codeHash, outcome: 'approved' } });
    };
    const polls = () => sent.filter((m) => 'params' in m && m.params.path === 'auth.pollDeviceSignIn').length;
    const stop = new AbortController();
    // The interval never ends here: only a decision can end the wait.
    const never = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    const waiting = waitForDeviceSignIn(client, { deviceCode, interval: 5 }, { signal: stop.signal, wait: never });
    const listening = listeners.size;
    for (let i = 0; i < 20 && listeners.size === listening; i++) await new Promise((r) => setTimeout(r, 0));

    forward(await hex('another kiosk’s code'));
    await new Promise((r) => setTimeout(r, 0));
    expect(polls()).toBe(0);
    forward(await hex(deviceCode));
    await expect(waiting).resolves.toEqual(result);
    expect(polls()).toBe(1);
    // The watch let go of the bridge once the wait was over.
    expect(listeners.size).toBe(listening);
  });
});
