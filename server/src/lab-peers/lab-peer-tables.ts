/** Kysely types of the lab-peer tables (migration 0006), kept here so the shared store schema stays untouched. */
import type { Kysely } from 'kysely';
import type { StoreSchema } from '../db/schema.ts';
import type { StoreDb } from '../db/store.ts';

export interface LabPeerSecretRow {
  lab_id: string;
  secret: string;
  members_hash: string;
  rotated_at: string;
}

export interface LabPeerEndpointRow {
  device_id: string;
  port: number;
  /** JSON array of IP literals. */
  addresses: string;
  seen_at: string;
}

export interface LabBlobHolderRow {
  sha256: string;
  device_id: string;
  reported_at: string;
}

export type LabPeerTables = {
  lab_peer_secrets: LabPeerSecretRow;
  lab_peer_endpoints: LabPeerEndpointRow;
  lab_blob_holders: LabBlobHolderRow;
};

export type LabPeerDb = Kysely<StoreSchema & LabPeerTables>;

export function labPeerDb(db: StoreDb): LabPeerDb {
  return db.withTables<LabPeerTables>();
}
