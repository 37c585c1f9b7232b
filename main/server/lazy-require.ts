// Packages that only some requests need (QR codes, captchas, SMTP, the password estimator) load
// on first use: the server starts and answers sooner, and a feature nobody uses costs no memory.
// Synchronous, so the functions that use them keep their signatures.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
