/**
 * Version 6: lab-local blob sharing (see src/lab-peers/).
 *
 * `lab_peer_secrets`: one random secret per lab that its PCs use to prove lab
 * membership to each other. `members_hash` fingerprints the lab's enrolled,
 * non-revoked PCs when the secret was made: when it no longer matches (a PC
 * revoked, moved away or enrolled), the next read makes a new secret, so a
 * revoked PC's copy stops working without any hook in the revoke path.
 * `lab_peer_endpoints`: where a PC's peer server listens, and when it last said so.
 * `lab_blob_holders`: which PCs reported a blob verified (the lab follows the device).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lab_peer_secrets')
    .addColumn('lab_id', 'text', (c) => c.primaryKey().references('labs.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('members_hash', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('lab_peer_endpoints')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('port', 'integer', (c) => c.notNull().check(sql`port BETWEEN 1 AND 65535`))
    /** JSON array of IP literals the PC reported, then the one the server saw. */
    .addColumn('addresses', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('lab_blob_holders')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lab_blob_holders_pk', ['sha256', 'device_id'])
    .execute();
  await db.schema.createIndex('lab_blob_holders_device_idx').on('lab_blob_holders').column('device_id').execute();
}
