/**
 * Content-addressed blob store: `<dataDir>/content/<first 2 hex>/<sha256>`.
 * A blob's name is its hash, so it never changes once written; writes go to a
 * temp file and are renamed into place, so readers never see half a blob.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: string;
  size: number;
}

export class ContentStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'content');
    mkdirSync(this.root, { recursive: true });
  }

  /** Path relative to `root`; only for well-formed hashes. */
  relativePath(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      return statSync(join(this.root, this.relativePath(sha256))).isFile();
    } catch {
      return false;
    }
  }

  /** Size in bytes of a blob the store holds. */
  sizeOf(sha256: string): number {
    return statSync(join(this.root, this.relativePath(sha256))).size;
  }

  put(bytes: Uint8Array): StoredBlob {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.has(sha256)) {
      const dir = join(this.root, sha256.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      const temp = join(dir, `.${sha256}.${randomUUID()}.tmp`);
      writeFileSync(temp, bytes);
      renameSync(temp, join(this.root, this.relativePath(sha256)));
    }
    return { sha256, size: bytes.byteLength };
  }
}
