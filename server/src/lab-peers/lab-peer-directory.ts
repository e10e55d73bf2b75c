/**
 * Which PCs of a lab are online as peers (their peer server announced within
 * PEER_ONLINE_WINDOW_MS) and which of them reported a blob verified.
 */
import type { LabPeer } from '@sinif/shared';
import type { LabPeerDb } from './lab-peer-tables.ts';

/** A PC re-announces its endpoint every minute; three missed minutes and it is offline. */
export const PEER_ONLINE_WINDOW_MS = 3 * 60_000;
/** Peers offered for one blob: enough to route around a few dead ones. */
const MAX_OFFERED = 8;

export async function recordEndpoint(
  db: LabPeerDb,
  deviceId: string,
  endpoint: { port: number; addresses: readonly string[]; seenAddress: string | null },
  now = new Date(),
): Promise<void> {
  const seen = endpoint.seenAddress?.replace(/^::ffff:/, '') ?? null;
  const addresses = [...new Set([...endpoint.addresses, ...(seen ? [seen] : [])])];
  const values = { device_id: deviceId, port: endpoint.port, addresses: JSON.stringify(addresses), seen_at: now.toISOString() };
  await db
    .insertInto('lab_peer_endpoints')
    .values(values)
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ port: values.port, addresses: values.addresses, seen_at: values.seen_at }))
    .execute();
}

function onlinePeersQuery(db: LabPeerDb, labId: string, now: Date) {
  return db
    .selectFrom('devices')
    .innerJoin('lab_peer_endpoints as e', 'e.device_id', 'devices.id')
    .select(['devices.id as deviceId', 'devices.seat_name as seatName', 'e.addresses as addresses', 'e.port as port'])
    .where('devices.lab_id', '=', labId)
    .where('devices.revoked_at', 'is', null)
    .where('e.seen_at', '>=', new Date(now.getTime() - PEER_ONLINE_WINDOW_MS).toISOString());
}

type PeerRow = { deviceId: string; seatName: string; addresses: string; port: number };
const toPeer = (row: PeerRow): LabPeer => ({ ...row, addresses: JSON.parse(row.addresses) as string[] });

/** The lab's other PCs whose peer servers are online. */
export async function onlinePeers(db: LabPeerDb, labId: string, selfId: string, now = new Date()): Promise<LabPeer[]> {
  const rows = await onlinePeersQuery(db, labId, now).where('devices.id', '!=', selfId).orderBy('devices.seat_name').limit(500).execute();
  return rows.map(toPeer);
}

/** Online PCs of the lab holding `sha256`, in random order so a whole lab does not pull from one PC. */
export async function onlineHolders(db: LabPeerDb, labId: string, sha256: string, exclude: readonly string[], now = new Date()): Promise<LabPeer[]> {
  let query = onlinePeersQuery(db, labId, now)
    .innerJoin('lab_blob_holders as h', 'h.device_id', 'devices.id')
    .where('h.sha256', '=', sha256);
  if (exclude.length > 0) query = query.where('devices.id', 'not in', exclude);
  const rows = await query.orderBy((eb) => eb.fn('random')).limit(MAX_OFFERED).execute();
  return rows.map(toPeer);
}

export async function recordHolder(db: LabPeerDb, deviceId: string, sha256: string, now = new Date()): Promise<void> {
  await db
    .insertInto('lab_blob_holders')
    .values({ sha256, device_id: deviceId, reported_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['sha256', 'device_id']).doUpdateSet({ reported_at: now.toISOString() }))
    .execute();
}

/** Forgets that `deviceId` holds `sha256`, only when it is a PC of `labId` (a report speaks for one's own lab). */
export async function forgetHolder(db: LabPeerDb, labId: string, deviceId: string, sha256: string): Promise<void> {
  await db
    .deleteFrom('lab_blob_holders')
    .where('sha256', '=', sha256)
    .where('device_id', '=', deviceId)
    .where('device_id', 'in', (eb) => eb.selectFrom('devices').select('id').where('lab_id', '=', labId))
    .execute();
}
