// Everything a host app needs to embed the screens: configure a transport once, then use the
// elements (<latchkey-sign-in>, <latchkey-register>, <latchkey-account>, <latchkey-devices>, …).
// Built on its own as renderer/dist-elements/latchkey-elements.js (vite.elements.config.ts).
import './lib/no-eval.ts';
export { configureLatchkey, latchkey, LatchkeyClient, type SignedInAccount } from './lib/latchkey.ts';
export { bridgeTransport, httpTransport, type Transport } from './lib/transport.ts';
export { bridgeLink } from './lib/bridge-link.ts';
export { getLocale, setLocale } from './i18n/i18n.ts';
import './components/code-input.ts';
import './components/captcha.ts';
import './components/password-strength.ts';
import './components/password-form.ts';
import './components/recovery-codes.ts';
import './components/totp-settings.ts';
import './components/language-switcher.ts';
import './components/idle-guard.ts';
import './components/account-switcher.ts';
import './screens/sign-in.ts';
import './screens/register.ts';
import './screens/code-entry.ts';
import './screens/totp-challenge.ts';
import './screens/totp-setup.ts';
import './screens/account.ts';
import './screens/devices.ts';
import './screens/dev-inbox.ts';
