// Passkeys end to end in Chromium with a virtual authenticator (CDP WebAuthn domain: CTAP2, a
// built-in user-verifying authenticator with resident keys): add one in Account, sign in with it
// without an email (discoverable) and with one, use it as the second step after a password for a
// TOTP user, rename it, delete it, and see the sign-in refused afterwards; and offered in the email
// field's autofill (conditional UI). WebAuthn needs a secure context and a domain rpId, so the
// pages are on http://localhost.
import { createServer } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { capture } from './helpers/browser.ts';
import { expectText, signInByPassword, signOut, totpNow } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const PORT = await freePort();
const ORIGIN = `http://localhost:${PORT}`;
const suite = useScreensSuite({ http: { port: PORT }, passkeys: { rpId: 'localhost', origins: [ORIGIN] } });

// The virtual authenticator answers a conditional (autofill) request at once, which would sign in
// before a button is pressed: these flows test the buttons, so autofill is reported unavailable.
const NO_AUTOFILL = 'PublicKeyCredential.isConditionalMediationAvailable = async () => false;';

/** Adds a virtual platform authenticator that verifies the user; answers it and its CDP session. */
async function addAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A page on localhost with a virtual platform authenticator that verifies the user. */
async function pageWithAuthenticator(): Promise<Page> {
  return (await pageAndAuthenticator()).page;
}

async function pageAndAuthenticator() {
  const page = await suite.openAt(ORIGIN, {
    beforeGoto: async (p) => {
      await p.addInitScript({ content: NO_AUTOFILL });
    },
  });
  return { page, ...(await addAuthenticator(page)) };
}

async function addPasskey(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expectText(page, 'Passkey added.');
}

describe('passkeys in Chromium', { timeout: 120_000 }, () => {
  it('adds a passkey, signs in with it with and without an email, renames and deletes it', async () => {
    const email = suite.newEmail('hopper');
    const password = 'a compiler for every machine';
    await suite.server.seedUser({ email, password });
    const page = await pageWithAuthenticator();
    await signInByPassword(page, email, password);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await addPasskey(page);
    const list = page.getByRole('list', { name: 'Passkeys' });
    await list.getByText('Passkey', { exact: true }).waitFor();
    await capture(page, 'passkeys-account');

    // Without an email: the discoverable passkey.
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page, `Signed in as ${email}`);

    // With the email typed in: that account's passkeys.
    await signOut(page);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    await list.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Passkey name').fill('Work laptop');
    await page.getByRole('button', { name: 'Save', exact: true }).last().click();
    await expectText(page, 'Passkey renamed.');
    await list.getByText('Work laptop').waitFor();

    await list.getByRole('button', { name: 'Delete' }).click();
    await list.getByRole('button', { name: 'Delete' }).click();
    await expectText(page, 'Passkey deleted.');
    await expectText(page, 'No passkeys yet.');

    // The authenticator still holds it, but the server no longer knows it.
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expectText(page, 'This passkey could not be verified.');
    expect(await page.getByRole('heading', { name: 'Your account' }).count()).toBe(0);
  });

  it('offers the passkey in the email field’s autofill (conditional UI), which signs in without a click', async () => {
    const email = suite.newEmail('conway');
    const password = 'a game of life on a grid';
    await suite.server.seedUser({ email, password });
    const enrolled = await pageAndAuthenticator();
    await signInByPassword(enrolled.page, email, password);
    await enrolled.page.getByRole('heading', { name: 'Your account' }).waitFor();
    await addPasskey(enrolled.page);
    const { credentials } = await enrolled.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: enrolled.authenticatorId,
    });
    expect(credentials).toHaveLength(1);

    // Another browser with the same passkey (synced) and autofill available: the screen's
    // conditional request is pending as the sign-in form shows, and this authenticator answers it
    // at once, as a person picking the passkey in the email field's suggestions would.
    const page = await suite.openAt(ORIGIN, {
      beforeGoto: async (p) => {
        const { cdp, authenticatorId } = await addAuthenticator(p);
        await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: credentials[0]! });
      },
    });
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page, `Signed in as ${email}`);
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
  });

  it('is the second step after a password for a TOTP user', async () => {
    const { server } = suite;
    const email = suite.newEmail('lovelace');
    const password = 'an analytical engine of notes';
    const { totp } = await server.seedUser({ email, password, totp: true });
    const page = await pageWithAuthenticator();
    await signInByPassword(page, email, password);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await server.advanceClock(30);
    await page.keyboard.type(await totpNow(server, totp!.secret));
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await addPasskey(page);

    await signOut(page);
    await signInByPassword(page, email, password);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await capture(page, 'passkeys-second-step');
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page, `Signed in as ${email}`);
  });
});
