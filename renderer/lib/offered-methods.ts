// The sign-in methods the server offers (auth.methods), asked once and shared by every screen; a
// failed ask is asked again next time.
import type { AuthMethods } from '../../shared/schemas.ts';

/** What a server that cannot say (a host app's older bridge) is taken to offer. */
const EVERY_METHOD: AuthMethods = {
  password: true,
  emailCode: true,
  totp: true,
  registration: true,
  passwordReset: true,
  // An older host whose router has no device sign-in would refuse the kiosk's first call.
  deviceSignIn: false,
  // An older bridge answers no magic-link procedures: only a server that says so gets the button.
  magicLink: false,
  // An older bridge knows nothing of passkeys.
  passkey: false,
};

export class OfferedMethods {
  readonly #ask: () => Promise<AuthMethods>;
  #answer: Promise<AuthMethods> | undefined;

  constructor(ask: () => Promise<AuthMethods>) {
    this.#ask = ask;
  }

  get(): Promise<AuthMethods> {
    this.#answer ??= this.#ask().catch(() => {
      this.#answer = undefined;
      return EVERY_METHOD;
    });
    return this.#answer;
  }
}
