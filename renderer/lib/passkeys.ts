// The browser's side of passkeys, through @simplewebauthn/browser (it turns the server's JSON
// options into navigator.credentials calls and the credentials back into JSON). Passkeys are
// offered only where the platform has an authenticator: never without PublicKeyCredential, and
// never in Electron on Linux, which has no platform authenticator.
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import type { ApiError } from '../../shared/errors.ts';
import type { PasskeyRegistrationOptions, PasskeySignInOptions } from '../../shared/passkeys.ts';
import { t } from '../i18n/i18n.ts';

const isElectron = (): boolean => /\bElectron\//.test(navigator.userAgent);
const isLinux = (): boolean => /Linux/.test(navigator.userAgent) && !/Android/.test(navigator.userAgent);

/** Whether this platform can create and use passkeys at all. */
export function passkeysSupported(): boolean {
  if (typeof window === 'undefined' || typeof window.PublicKeyCredential !== 'function') return false;
  return !(isElectron() && isLinux());
}

/** Whether the email field can offer passkeys in its autofill (conditional mediation). */
export async function autofillSupported(): Promise<boolean> {
  if (!passkeysSupported()) return false;
  return browserSupportsWebAuthnAutofill().catch(() => false);
}

/** A cancelled or timed-out ceremony, as the form's error line shows it. */
function ceremonyError(error: unknown): ApiError {
  const name = error instanceof Error ? error.name : '';
  const cancelled = name === 'NotAllowedError' || name === 'AbortError' || name === 'TimeoutError';
  return {
    code: 'PASSKEY_REJECTED',
    message: cancelled ? t('passkey.cancelled') : (error as Error).message,
    reason: 'ceremony',
  };
}

export async function createPasskey(optionsJSON: PasskeyRegistrationOptions) {
  try {
    return await startRegistration({ optionsJSON: optionsJSON as never });
  } catch (error) {
    throw ceremonyError(error);
  }
}

/** Asks for a passkey; `autofill` waits for the user to pick one in the email field's suggestions. */
export async function getPasskey(optionsJSON: PasskeySignInOptions, autofill = false) {
  try {
    return await startAuthentication({
      optionsJSON: optionsJSON as never,
      useBrowserAutofill: autofill,
      // The email field lives in a shadow root, where the library cannot look for it.
      verifyBrowserAutofillInput: false,
    });
  } catch (error) {
    throw ceremonyError(error);
  }
}

/** Ends a pending autofill request (leaving the screen, or before an explicit ceremony). */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}
