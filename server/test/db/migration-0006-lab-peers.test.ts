import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/store.ts';
import { migrateStore } from '../../src/db/schema-version.ts';
import { labPeerDb } from '../../src/lab-peers/lab-peer-tables.ts';
import { tempDataDir } from '../support/temp-server.ts';

const open: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of open.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('migration 0006-lab-peers', () => {
  it('adds the lab peer tables, keeps version-5 devices, and drops a device’s peer rows with it', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    open.push({ store, dir });
    await migrateStore(store.db, { target: '0005-library-channels' });
    const db = store.db;
    await db.insertInto('regions').values({ id: 'r1', name: 'Bakı' }).execute();
    await db.insertInto('schools').values({ id: 's1', region_id: 'r1', name: 'Məktəb 1' }).execute();
    await db.insertInto('labs').values({ id: 'l1', school_id: 's1', name: 'Lab 1' }).execute();
    await db
      .insertInto('devices')
      .values({ id: 'd1', lab_id: 'l1', seat_name: 'PC-01', token_hash: 't', os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
      .execute();

    expect(await migrateStore(store.db, { target: '0006-lab-peers' })).toBe(6);
    expect(await db.selectFrom('devices').select('seat_name').execute()).toEqual([{ seat_name: 'PC-01' }]);
    const peers = labPeerDb(db);
    await peers.insertInto('lab_peer_secrets').values({ lab_id: 'l1', secret: 's', members_hash: 'h', rotated_at: 'now' }).execute();
    await peers.insertInto('lab_peer_endpoints').values({ device_id: 'd1', port: 47100, addresses: '[]', seen_at: 'now' }).execute();
    await peers.insertInto('lab_blob_holders').values({ sha256: 'a'.repeat(64), device_id: 'd1', reported_at: 'now' }).execute();
    await expect(peers.insertInto('lab_peer_endpoints').values({ device_id: 'nope', port: 1, addresses: '[]', seen_at: 'now' }).execute()).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await db
      .insertInto('devices')
      .values({ id: 'd2', lab_id: 'l1', seat_name: 'PC-02', token_hash: 't2', os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
      .execute();
    await expect(peers.insertInto('lab_peer_endpoints').values({ device_id: 'd2', port: 0, addresses: '[]', seen_at: 'now' }).execute()).rejects.toThrow(/CHECK/);
    await db.deleteFrom('devices').where('id', '=', 'd1').execute();
    expect(await peers.selectFrom('lab_blob_holders').selectAll().execute()).toEqual([]);
    expect(await peers.selectFrom('lab_peer_endpoints').selectAll().execute()).toEqual([]);
  });
});
