// A stand-in for Electron's safeStorage (its asynchronous API): real AES-GCM under a per-"OS user"
// key, with the Linux backend chosen by the test. `reseal` answers every decryption as Electron
// does after the OS rotated its key (shouldReEncrypt).
import { randomBytes } from 'node:crypto';
import type { OsCrypto } from '../../main/app-session/os-crypto.ts';
import { aesGcmSecretBox } from '../../main/server/crypto/secret-box.ts';

export function fakeOsCrypto(
  options: { backend?: string; available?: boolean; key?: Buffer; reseal?: boolean } = {},
): OsCrypto {
  const box = aesGcmSecretBox(options.key ?? randomBytes(32));
  return {
    isAvailable: async () => options.available ?? true,
    linuxBackend: () => options.backend,
    encrypt: async (plaintext) => box.seal(Buffer.from(plaintext, 'utf8')),
    decrypt: async (ciphertext) => ({
      plaintext: box.open(ciphertext).toString('utf8'),
      reseal: options.reseal ?? false,
    }),
  };
}
