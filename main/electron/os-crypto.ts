// Electron's safeStorage as the OsCrypto main's Electron-free code expects. The synchronous calls
// are deprecated in Electron 45 but still present; the secret box's key wrapper is synchronous.
import type { SafeStorage } from 'electron';
import type { OsCrypto } from '../app-session/os-crypto.ts';

export function safeStorageOsCrypto(safeStorage: SafeStorage, platform: string = process.platform): OsCrypto {
  return {
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    linuxBackend: () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined),
    encrypt: (plaintext) => safeStorage.encryptString(plaintext),
    decrypt: (ciphertext) => safeStorage.decryptString(ciphertext),
  };
}
