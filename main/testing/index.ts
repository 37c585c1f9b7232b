// latchkey/testing: a real Latchkey server for your own test suites (Vitest, Jest, Playwright).
export {
  startTestServer,
  type SeededUser,
  type SeedUserOptions,
  type TestServer,
  type TestServerOptions,
} from './test-server.ts';
export type { DevMailMessage } from '../server/dev/outbox.ts';
export { ManualClock } from '../server/clock.ts';
