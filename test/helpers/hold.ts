// Holds back one real answer of the password hasher until the test releases it, so that another
// request can commit in the meantime: how the tests prove that a change committed during a hash
// wins over the request that was waiting for it.
import type { AuthServer } from '../../main/server/server.ts';

export function holdNextHash(server: AuthServer, method: 'verify' | 'hash', matches: (input: unknown) => boolean) {
  const hasher = server.services.hasher as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = hasher[method]!.bind(hasher);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let computed!: () => void;
  /** Resolves once the held hash has been computed (its answer not yet given). */
  const hashed = new Promise<void>((resolve) => (computed = resolve));
  let armed = true;
  hasher[method] = async (...args: unknown[]) => {
    if (!armed || !matches(args[0])) return original(...args);
    armed = false;
    const result = await original(...args);
    computed();
    await released;
    return result;
  };
  return { hashed, release };
}
