import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialSeal, CredentialUnreadableError } from '../../../src/core/credentials/credential-seal.ts';

describe('CredentialSeal', () => {
  const seal = new CredentialSeal(randomBytes(32));

  it('opens what it sealed, and the sealed text does not contain the token', () => {
    const token = 'dev_' + randomBytes(24).toString('base64url');
    const sealed = seal.seal(token);
    expect(CredentialSeal.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(token);
    expect(seal.open(sealed)).toBe(token);
  });

  it('seals the same token differently each time (random nonce)', () => {
    expect(seal.seal('same')).not.toBe(seal.seal('same'));
  });

  it('refuses a value sealed with another key or altered on disk', () => {
    const sealed = seal.seal('secret-token');
    expect(() => new CredentialSeal(randomBytes(32)).open(sealed)).toThrow(CredentialUnreadableError);
    const bytes = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(() => seal.open('sealed:v1:' + bytes.toString('base64'))).toThrow(CredentialUnreadableError);
    expect(() => seal.open('plain-token')).toThrow(CredentialUnreadableError);
  });

  it('insists on a 32-byte key', () => {
    expect(() => new CredentialSeal(randomBytes(16))).toThrow(RangeError);
  });
});
