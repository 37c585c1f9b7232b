// Main's sign-out ends the session on the server, not only in main, also once the access token it
// held has expired (main renews only the active account's, when asked): the refresh token it also
// holds buys a fresh one. The same when a held account signs in again and replaces its session.
import { expect, it } from 'vitest';
import { dataOf, startIpc } from '../../helpers/ipc.ts';
import { PASSWORD } from '../../helpers/server.ts';

const REGISTER = { email: 'ada@example.com', password: PASSWORD, name: 'Ada' };

it('latchkey.auth.signOut() ends the session on the server after the access token expired', async () => {
  const ipc = startIpc();
  const signedIn = dataOf<{ session: { id: string } }>(await ipc.frame().call('mutation', 'auth.register', REGISTER));
  ipc.clock.advance(30 * 60_000);
  expect(ipc.server.events.isLive(signedIn.session.id)).toBe(true);
  await ipc.session.signOut();
  expect(ipc.session.currentUser()).toBeUndefined();
  expect(ipc.server.events.isLive(signedIn.session.id)).toBe(false);
});

it('a held account that signs in again ends its previous session on the server', async () => {
  const ipc = startIpc();
  const frame = ipc.frame();
  const first = dataOf<{ session: { id: string } }>(await frame.call('mutation', 'auth.register', REGISTER));
  await frame.call('mutation', 'app.detach');
  ipc.clock.advance(30 * 60_000);
  await frame.call('mutation', 'auth.login', { email: REGISTER.email, password: PASSWORD });
  expect(ipc.session.state.accounts).toHaveLength(1);
  await expect.poll(() => ipc.server.events.isLive(first.session.id)).toBe(false);
});
