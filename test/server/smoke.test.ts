import { describe, expect, it } from 'vitest';
import { as, registerUser, startServer } from '../helpers/server.ts';

describe('smoke', () => {
  it('registers, reads me, refreshes', async () => {
    const { server } = startServer();
    const result = await registerUser(server);
    expect(result.user.email).toBe('ada@example.com');
    const me = await as(server, result.tokens.accessToken).account.me();
    expect(me.id).toBe(result.user.id);
    const refreshed = await server.caller().auth.refresh({ refreshToken: result.tokens.refreshToken });
    expect(refreshed.tokens.refreshToken).not.toBe(result.tokens.refreshToken);
  });
});
