// A stand-in for Electron's safeStorage: real AES-GCM under a per-"OS user" key, with the Linux
// backend chosen by the test.
import { randomBytes } from 'node:crypto';
import type { OsCrypto } from '../../main/app-session/os-crypto.ts';
import { aesGcmSecretBox } from '../../main/server/crypto/secret-box.ts';

export function fakeOsCrypto(options: { backend?: string; available?: boolean; key?: Buffer } = {}): OsCrypto & {
  calls: number;
} {
  const box = aesGcmSecretBox(options.key ?? randomBytes(32));
  const state = { calls: 0 };
  return {
    get calls() {
      return state.calls;
    },
    isAvailable: () => options.available ?? true,
    linuxBackend: () => options.backend,
    encrypt(plaintext) {
      state.calls += 1;
      return box.seal(Buffer.from(plaintext, 'utf8'));
    },
    decrypt(ciphertext) {
      state.calls += 1;
      return box.open(ciphertext).toString('utf8');
    },
  };
}
