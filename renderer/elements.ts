// Everything a host app needs to embed the screens (`latchkey/elements`): configure a transport
// once, then use the elements (<latchkey-app>, <latchkey-sign-in>, <latchkey-register>,
// <latchkey-account>, <latchkey-devices>, …); importing this module defines them all. Also built
// on its own for pages without a bundler as renderer/dist-elements/latchkey-elements.js
// (vite.elements.config.ts).
import './lib/no-eval.ts';
export { LatchkeyClient, type SignedInAccount } from './lib/latchkey.ts';
export { configureLatchkey, latchkey } from './lib/configure.ts';
export { bridgeTransport, httpTransport, type Transport } from './lib/transport.ts';
// What the preload puts on `window.latchkey`, for the page to declare (docs/elements.md).
export type { LatchkeyBridge } from '../shared/bridge.ts';
export type { DeviceCodeWatch } from '../shared/device-code-watch.ts';
export { bridgeLink } from './lib/bridge-link.ts';
export { getLocale, setLocale } from './i18n/i18n.ts';
// Each element's class, exported so its tag name is typed (HTMLElementTagNameMap).
export { CodeInput } from './components/code-input.ts';
export { CaptchaBox } from './components/captcha.ts';
export { PasswordStrength } from './components/password-strength.ts';
export { PasswordForm } from './components/password-form.ts';
export { EmailChange } from './components/email-change.ts';
export { RecoveryCodes } from './components/recovery-codes.ts';
export { TotpSettings } from './components/totp-settings.ts';
export { LanguageSwitcher } from './components/language-switcher.ts';
export { IdleGuard } from './components/idle-guard.ts';
export { AccountSwitcher } from './components/account-switcher.ts';
export { SignIn } from './screens/sign-in.ts';
export { Register } from './screens/register.ts';
export { CodeEntry } from './screens/code-entry.ts';
export { TotpChallenge } from './screens/totp-challenge.ts';
export { TotpSetup } from './screens/totp-setup.ts';
export { AccountScreen } from './screens/account.ts';
export { DevicesScreen } from './screens/devices.ts';
export { DevInbox } from './screens/dev-inbox.ts';
export { MagicLink, type MagicSignedIn } from './screens/magic-link.ts';
export { magicLinkToken } from './lib/magic-link-url.ts';
export { EmailChangeReport } from './screens/email-change-report.ts';
export { PhoneSignIn } from './screens/phone-sign-in.ts';
export { DeviceApprove } from './screens/device-approve.ts';
// The whole app as one element (docs/elements.md); last, as it renders all the others.
export { LatchkeyApp } from './app.ts';
