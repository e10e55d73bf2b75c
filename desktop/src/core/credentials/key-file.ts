/**
 * The credential key kept in a file only the PC account can read (0600). The
 * test host always uses it; Electron falls back to it when the OS offers no
 * key store (Linux without a keyring).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const CREDENTIAL_KEY_BYTES = 32;

/** Reads the key at `path`, or makes a new one there. A damaged file is replaced (the PC then enrols again). */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing && existing.length === CREDENTIAL_KEY_BYTES) {
    // A copied or restored file may have lost its mode; tighten it again.
    await chmod(path, 0o600).catch(() => undefined);
    return existing;
  }
  const key = randomBytes(CREDENTIAL_KEY_BYTES);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, key, { mode: 0o600 });
  await chmod(path, 0o600);
  return key;
}
