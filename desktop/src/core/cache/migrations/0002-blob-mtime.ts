import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Remember each blob file's mtime when it was verified, so a file changed on
 * disk (same size, other bytes) is hashed again before it is served.
 * Existing rows get NULL, which means "verify again on next use".
 */
export const m0002BlobMtime: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('blobs').addColumn('file_mtime_ms', 'real').execute();
  },
};
