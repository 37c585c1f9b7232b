// The page's own script: point the elements at the API, then react to a sign-in.
import { configureLatchkey, httpTransport } from './latchkey-elements.js';

const api = document.querySelector('meta[name="latchkey-api"]').content;
// Configure before the elements first render: the same task as the import is enough.
configureLatchkey(httpTransport(api));

document.querySelector('latchkey-sign-in').addEventListener('latchkey-signed-in', async (event) => {
  // Over HTTP the detail holds the tokens too: call your own API with the access token.
  const { user, tokens } = event.detail;
  document.querySelector('#welcome').textContent = `Welcome, ${user.email}`;
  const me = await fetch(`${api}/v1/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  console.log('GET /v1/me', me.status);
});
