// A password sign-in reads the account, then waits for the hash. A change of name made meanwhile
// (by another session of the same person) commits first; the sign-in's answer and its id token
// then tell the account as it is when the session opens, not as it was before the wait.
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { holdNextHash } from '../helpers/hold.ts';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';

const EMAIL = 'ada@example.com';

describe('an account renamed while a password sign-in hashes', () => {
  it('answers with the new name, in the user and in the id token', async () => {
    const { server } = startServer();
    const first = await registerUser(server, EMAIL);
    const held = holdNextHash(server, 'verify', (input) => input === PASSWORD);
    const signIn = server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    await held.hashed;
    await as(server, first.tokens.accessToken).account.updateName({ name: 'Augusta King' });
    held.release();
    const result = await signIn;
    if (result.requires2fa) throw new Error('unexpected 2FA');
    expect(result.user.name).toBe('Augusta King');
    expect(decodeJwt(result.tokens.idToken).name).toBe('Augusta King');
  });
});
