import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCredentialKey, OS_SEALED_KEY_FILE, PLAIN_KEY_FILE, type OsKeyStore } from '../../src/main/credential-key.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/** Stands in for Electron's safeStorage (not available outside Electron). */
function keyStore(available: boolean, backend = 'gnome_libsecret'): OsKeyStore & { lost: boolean } {
  return {
    lost: false,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`os:${Buffer.from(text).toString('hex')}`),
    decryptString(encrypted) {
      if (this.lost) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(encrypted.toString().slice(3), 'hex').toString();
    },
  };
}

describe('loadCredentialKey', () => {
  it('keeps the key encrypted by the OS key store and returns the same key next time', async () => {
    const dir = await dirs.make();
    const store = keyStore(true);
    const first = await loadCredentialKey(dir, store, { platform: 'linux', warn: () => {} });
    expect(first).toMatchObject({ protection: 'os' });
    expect(first.key).toHaveLength(32);
    const onDisk = await readFile(join(dir, OS_SEALED_KEY_FILE));
    expect(onDisk.includes(first.key)).toBe(false);
    expect((await loadCredentialKey(dir, store, { platform: 'linux' })).key.equals(first.key)).toBe(true);
  });

  it('falls back to a 0600 key file and says so when there is no OS key store (or only basic_text)', async () => {
    for (const store of [keyStore(false), keyStore(true, 'basic_text')]) {
      const dir = await dirs.make();
      const warnings: string[] = [];
      const loaded = await loadCredentialKey(dir, store, { platform: 'linux', warn: (m) => warnings.push(m) });
      expect(loaded.protection).toBe('file');
      expect((await stat(join(dir, PLAIN_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect(warnings.join(' ')).toMatch(/OS key store is unavailable/);
      expect((await loadCredentialKey(dir, store, { platform: 'linux', warn: () => {} })).key.equals(loaded.key)).toBe(true);
    }
  });

  it('makes a new key (the PC enrols again) when the OS key store can no longer open the old one', async () => {
    const dir = await dirs.make();
    const store = keyStore(true);
    const first = await loadCredentialKey(dir, store, { platform: 'win32' });
    store.lost = true;
    const warnings: string[] = [];
    const second = await loadCredentialKey(dir, store, { platform: 'win32', warn: (m) => warnings.push(m) });
    expect(second.key.equals(first.key)).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
