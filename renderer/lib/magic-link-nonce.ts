// The nonce a sign-in link is asked for with, kept in this tab's sessionStorage: when the link is
// opened in this tab, the landing page shows the server the same nonce, so it knows the same
// browser asked (docs/security.md R74).
const MAGIC_NONCE_KEY = 'latchkey.magicLinkNonce';

/** A fresh nonce, kept for this tab's landing page. */
export function newMagicLinkNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const nonce = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  try {
    sessionStorage.setItem(MAGIC_NONCE_KEY, nonce);
  } catch {
    // No storage (a locked-down webview): the landing page will simply ask.
  }
  return nonce;
}

/** The nonce this tab asked with, if it asked. */
export function keptMagicLinkNonce(): string | undefined {
  try {
    return sessionStorage.getItem(MAGIC_NONCE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
