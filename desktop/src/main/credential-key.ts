/**
 * The key the core seals the device and session tokens with. Generated once
 * per PC account and kept in userData, encrypted by the OS key store
 * (Electron safeStorage: DPAPI on Windows, the keyring on Linux). Without a
 * key store (Linux without a keyring, where safeStorage would fall back to a
 * hard-coded password) the key sits in a 0600 file instead, and we say so.
 * Kept free of run-time 'electron' imports so it can be proven in plain Node.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CREDENTIAL_KEY_BYTES, loadOrCreateKeyFile } from '../core/credentials/key-file.ts';

/** The part of Electron's safeStorage this needs. */
export interface OsKeyStore {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; 'basic_text' means no real key store. */
  getSelectedStorageBackend?(): string;
}

export interface CredentialKey {
  key: Buffer;
  protection: 'os' | 'file';
}

export const OS_SEALED_KEY_FILE = 'credential-key.sealed';
export const PLAIN_KEY_FILE = 'credential.key';

function hasRealKeyStore(store: OsKeyStore, platform: NodeJS.Platform): boolean {
  if (!store.isEncryptionAvailable()) return false;
  return platform !== 'linux' || store.getSelectedStorageBackend?.() !== 'basic_text';
}

async function readIfPresent(path: string): Promise<Buffer | null> {
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

export async function loadCredentialKey(
  userDataDir: string,
  store: OsKeyStore,
  options: { platform?: NodeJS.Platform; warn?: (message: string) => void } = {},
): Promise<CredentialKey> {
  const warn = options.warn ?? ((message) => console.warn(message));
  const sealedPath = join(userDataDir, OS_SEALED_KEY_FILE);
  if (!hasRealKeyStore(store, options.platform ?? process.platform)) {
    warn('Sinif: the OS key store is unavailable; sign-in tokens are protected only by a 0600 key file.');
    return { key: await loadOrCreateKeyFile(join(userDataDir, PLAIN_KEY_FILE)), protection: 'file' };
  }
  const sealed = await readIfPresent(sealedPath);
  if (sealed) {
    try {
      const key = Buffer.from(store.decryptString(sealed), 'base64');
      if (key.length === CREDENTIAL_KEY_BYTES) return { key, protection: 'os' };
    } catch {
      // The key store lost its key (new OS profile): a new key means the PC enrols again.
    }
    warn('Sinif: the stored credential key could not be opened; this PC must be enrolled again.');
  }
  const key = randomBytes(CREDENTIAL_KEY_BYTES);
  await writeFile(sealedPath, store.encryptString(key.toString('base64')), { mode: 0o600 });
  // A key file from a time without a key store is no longer needed.
  await rm(join(userDataDir, PLAIN_KEY_FILE), { force: true });
  return { key, protection: 'os' };
}
