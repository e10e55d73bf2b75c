/**
 * Seals the PC's device token and the user's session token before they are
 * stored: whoever copies cache.db off a shared lab PC must not get a working
 * credential. AES-256-GCM with a random nonce per value; the key comes from
 * the host (Electron: OS-protected via safeStorage; test host: a 0600 file).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value could not be opened: a different key, or the bytes were altered. */
export class CredentialUnreadableError extends Error {
  readonly code = 'CREDENTIAL_UNREADABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialUnreadableError';
  }
}

export class CredentialSeal {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength !== 32) throw new RangeError(`the credential key must be 32 bytes, got ${key.byteLength}`);
    this.#key = Buffer.from(key);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
  }

  open(stored: string): string {
    if (!CredentialSeal.isSealed(stored)) throw new CredentialUnreadableError('the value is not sealed');
    const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new CredentialUnreadableError('the sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new CredentialUnreadableError('the sealed value does not open with this key', { cause: error });
    }
  }
}
