// Electron's safeStorage as the OsCrypto main's Electron-free code expects, on the asynchronous
// API (the synchronous encryptString/decryptString are deprecated in Electron 45, gone in 46).
import type { SafeStorage } from 'electron';
import type { OsCrypto } from '../app-session/os-crypto.ts';

export function safeStorageOsCrypto(safeStorage: SafeStorage, platform: string = process.platform): OsCrypto {
  return {
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    linuxBackend: () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined),
    encrypt: (plaintext) => safeStorage.encryptStringAsync(plaintext),
    async decrypt(ciphertext) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(ciphertext);
      return { plaintext: result, reseal: shouldReEncrypt };
    },
  };
}
