// Dev mode's live settings (`dev.config`): auto-registration and the captcha policy of the running
// server. Both are read at every request (never copied at start-up), so a change applies to the next.
import type { DevConfigInput } from '../../../shared/schemas.ts';
import type { ServerConfig } from '../config.ts';

export function changeSettings(config: ServerConfig, input: DevConfigInput) {
  const { email } = config;
  if (input.autoRegister !== undefined) email.autoRegister = input.autoRegister;
  if (input.captchaPolicy !== undefined) email.captcha.policy = input.captchaPolicy;
  return { autoRegister: email.autoRegister, captchaPolicy: email.captcha.policy };
}
