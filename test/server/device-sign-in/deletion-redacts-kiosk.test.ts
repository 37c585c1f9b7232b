// Deleting an account redacts who and where from its audit rows. An approval of a kiosk's sign-in
// is one of them: the kiosk's address is on the kiosk's own "started" row, which names no account,
// and never in the approval's details, which the hash chain keeps as they were written.
import { describe, expect, it } from 'vitest';
import { as, registerUser, startServer } from '../../helpers/server.ts';

const KIOSK_ADDRESS = '203.0.113.77';

describe('deleting an account that approved a kiosk', () => {
  it('leaves no address of the kiosk in the account’s audit rows', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, 'ada@example.com');
    const kiosk = server.caller({ ipAddress: KIOSK_ADDRESS, transport: 'http' });
    const started = await kiosk.auth.startDeviceSignIn({ device: { name: 'Lobby kiosk' } });
    await as(server, tokens.accessToken).devices.approveSignIn({ userCode: started.userCode });
    await as(server, tokens.accessToken).account.delete();

    const redacted = server.services.db
      .prepare('SELECT type, ip_address, details FROM audit_events WHERE redacted_at IS NOT NULL ORDER BY id')
      .all() as Array<{ type: string; ip_address: string | null; details: string }>;
    expect(redacted.map((row) => row.type)).toContain('device_sign_in_approved');
    const mentions = redacted.filter((row) => row.ip_address === KIOSK_ADDRESS || row.details.includes(KIOSK_ADDRESS));
    expect(mentions).toEqual([]);
  });
});
