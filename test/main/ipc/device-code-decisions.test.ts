// A kiosk app waiting for a phone over IPC hears the decision at once: main forwards each decision
// to its windows as the device code's SHA-256, never the code, and the screen compares.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BridgeResponse } from '../../../shared/bridge.ts';
import { as, registerUser } from '../../helpers/server.ts';
import { dataOf, startIpc } from '../../helpers/ipc.ts';

const decisions = (sent: Array<{ message: BridgeResponse }>) =>
  sent.flatMap(({ message }) => ('deviceCode' in message ? [message.deviceCode] : []));

describe('device sign-in decisions over IPC', () => {
  it('forwards approvals and denials with the hash of the device code only', async () => {
    const app = startIpc();
    const { tokens } = await registerUser(app.server);
    const phone = as(app.server, tokens.accessToken);
    const kiosk = app.frame();

    const first = dataOf<{ deviceCode: string; userCode: string }>(
      await kiosk.call('mutation', 'auth.startDeviceSignIn', {}),
    );
    const second = dataOf<{ deviceCode: string; userCode: string }>(
      await kiosk.call('mutation', 'auth.startDeviceSignIn', {}),
    );
    expect(decisions(app.sent)).toEqual([]);

    await phone.devices.approveSignIn({ userCode: first.userCode });
    await phone.devices.denySignIn({ userCode: second.userCode });

    const hash = (code: string) => createHash('sha256').update(code).digest('hex');
    expect(decisions(app.sent)).toEqual([
      { codeHash: hash(first.deviceCode), outcome: 'approved' },
      { codeHash: hash(second.deviceCode), outcome: 'denied' },
    ]);
    const pushed = JSON.stringify(app.sent.filter(({ message }) => 'deviceCode' in message));
    expect(pushed).not.toContain(first.deviceCode);
    expect(pushed).not.toContain(first.userCode);
  });
});
