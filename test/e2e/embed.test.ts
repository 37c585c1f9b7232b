// The embeddable elements in another app's page: a tiny static server on 127.0.0.1 serves a page
// holding only <latchkey-sign-in> and the library build (renderer/dist-elements), under its own
// strict CSP; the element signs in by email code against `latchkey serve --dev` on another origin
// (allowed by `http.corsOrigins`), and the host page gets the AuthResult from `latchkey-signed-in`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from './helpers/browser.ts';
import { requestCode, signInByCode } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

const LIBRARY = fileURLToPath(new URL('../../renderer/dist-elements/', import.meta.url));

let host: Server;
let hostOrigin = '';

// The host page's server starts first: the auth server must know its origin (CORS).
beforeAll(async () => {
  host = createServer((req, res) => {
    const api = suite.server.url;
    const files: Record<string, [string, string]> = {
      '/': ['text/html; charset=utf-8', hostPage()],
      '/host.js': ['text/javascript; charset=utf-8', hostScript(api)],
      '/app': ['text/html; charset=utf-8', appPage()],
      '/app.js': ['text/javascript; charset=utf-8', appScript(api)],
      '/account': ['text/html; charset=utf-8', appPage(ACCOUNT_ELEMENTS)],
    };
    // The library folder as built: latchkey-elements.js and the chunks it loads on demand.
    for (const name of readdirSync(LIBRARY)) {
      files[`/${name}`] = ['text/javascript; charset=utf-8', readFileSync(join(LIBRARY, name), 'utf8')];
    }
    const file = files[new URL(req.url ?? '/', hostOrigin).pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const socket = api.replace(/^http/, 'ws');
    res.writeHead(200, {
      'Content-Type': file[0],
      'Content-Security-Policy':
        `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
        `connect-src 'self' ${api} ${socket}; base-uri 'none'; object-src 'none'; form-action 'none'`,
    });
    res.end(file[1]);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => host?.close(() => resolve())));

const suite = useScreensSuite(() => ({ http: { corsOrigins: [hostOrigin] } }));

function hostPage(): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Host app</title>
    <script type="module" src="/host.js"></script>
  </head>
  <body>
    <main>
      <latchkey-sign-in></latchkey-sign-in>
      <p id="welcome" role="status"></p>
    </main>
  </body>
</html>`;
}

/** What a host app writes: configure the transport once, then listen to the element. */
function hostScript(api: string): string {
  return `import { configureLatchkey, httpTransport } from './latchkey-elements.js';
configureLatchkey(httpTransport(${JSON.stringify(api)}));
document.querySelector('latchkey-sign-in').addEventListener('latchkey-signed-in', (event) => {
  window.signedIn = { email: event.detail.user.email, accessToken: event.detail.tokens.accessToken };
  document.querySelector('#welcome').textContent = 'Welcome, ' + event.detail.user.email;
});`;
}

/** The elements that follow the signed-in accounts from the moment they are connected. */
const ACCOUNT_ELEMENTS = '<latchkey-account></latchkey-account><latchkey-devices></latchkey-devices>';

/** A page holding the whole app, as docs/elements.md and the kiosk example show it (or other elements). */
function appPage(body = '<latchkey-app></latchkey-app>'): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Host app</title>
    <script type="module" src="/app.js"></script>
  </head>
  <body>
    ${body}
  </body>
</html>`;
}

function appScript(api: string): string {
  return `import { configureLatchkey, httpTransport } from './latchkey-elements.js';
configureLatchkey(httpTransport(${JSON.stringify(api)}));`;
}

describe('embedded <latchkey-sign-in>', { timeout: 90_000 }, () => {
  it('signs in by email code from a page on another origin', async () => {
    const { server } = suite;
    expect(hostOrigin).not.toBe(server.url);
    const page = await suite.openAt(hostOrigin);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<boolean>("document.querySelector('latchkey-app') === null")).toBe(true);
    await capture(page, 'embedded-sign-in');
    const email = suite.newEmail('embedded');
    await requestCode(page, email);
    await page.keyboard.type(await server.latestCode(email));
    await page.getByText(`Welcome, ${email}`).waitFor();

    const signedIn = await page.evaluate<{ email: string; accessToken: string }>('window.signedIn');
    expect(signedIn.email).toBe(email);
    const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${signedIn.accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { email: string } }).data.email).toBe(email);
    // The device the element registered is this browser, remembered by the host page's origin.
    expect(await page.evaluate<string | null>("localStorage.getItem('latchkey.deviceId')")).toMatch(/\S/);
  });

  it('defines <latchkey-app>, which signs in and shows the account', async () => {
    const page = await suite.openAt(hostOrigin, { path: '/app' });
    expect(await page.evaluate<boolean>("customElements.get('latchkey-app') !== undefined")).toBe(true);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInByCode(page, suite.server, suite.newEmail('embedded-app'));
    expect(page.url()).toMatch(/#\/account$/);
    // The header's brand is drawn inline: nothing is fetched from the host page, which has no such
    // file (an <img src="./favicon.svg"> there was a broken image).
    const fetched = await page.evaluate<string[]>("performance.getEntriesByType('resource').map((e) => e.name)");
    expect(fetched.filter((url) => url.endsWith('.svg'))).toEqual([]);
    // And it is the app's favicon, element for element.
    const favicon = await (await fetch(`${suite.server.url}/favicon.svg`)).text();
    // Runs in the page; typed by shape, since these tests compile without the DOM's types.
    type Drawn = { children: Iterable<{ tagName: string; attributes: Iterable<{ name: string; value: string }> }> };
    const drawing = (root: Drawn) =>
      [...root.children].map((e) =>
        [e.tagName, ...[...e.attributes].map((a) => `${a.name}=${a.value}`).sort()].join(' '),
      );
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<div id="favicon-copy">' + ${JSON.stringify(favicon)} + '</div>')`,
    );
    const inline = await page.locator('.brand svg').evaluate(drawing);
    expect(inline).toEqual(await page.locator('#favicon-copy svg').evaluate(drawing));
    expect(inline).toHaveLength(3);
  });

  it('lets the account elements in the page wait for the transport configured after the import', async () => {
    const page = await suite.openAt(hostOrigin, { path: '/account' });
    // Both rendered (signed out, the account renders empty); the suite then checks nothing threw.
    const rendered = `['latchkey-account', 'latchkey-devices'].every((tag) => document.querySelector(tag).hasUpdated)`;
    await expect.poll(() => page.evaluate<boolean>(rendered)).toBe(true);
  });
});
