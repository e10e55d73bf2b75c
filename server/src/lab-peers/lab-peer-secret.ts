/**
 * The secret a lab's PCs sign peer requests with. It belongs to the lab's
 * current membership: the secret row remembers a fingerprint of the enrolled,
 * non-revoked PCs it was made for, and a read that finds the membership
 * changed (a PC revoked, moved to another lab, enrolled) makes a new one.
 * So revoking a PC needs no hook here, and a revoked PC, which can no longer
 * read the new secret, is refused by its former classmates.
 */
import { newToken, sha256Hex } from '../auth/secrets.ts';
import type { LabPeerDb } from './lab-peer-tables.ts';

function membersHash(deviceIds: readonly string[]): string {
  return sha256Hex([...deviceIds].sort().join('\n'));
}

export async function labPeerSecret(db: LabPeerDb, labId: string, now = new Date()): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const members = await trx.selectFrom('devices').select('id').where('lab_id', '=', labId).where('revoked_at', 'is', null).execute();
    const hash = membersHash(members.map((m) => m.id));
    const row = await trx.selectFrom('lab_peer_secrets').selectAll().where('lab_id', '=', labId).executeTakeFirst();
    if (row && row.members_hash === hash) return row.secret;
    const secret = newToken();
    const values = { lab_id: labId, secret, members_hash: hash, rotated_at: now.toISOString() };
    await trx
      .insertInto('lab_peer_secrets')
      .values(values)
      .onConflict((oc) => oc.column('lab_id').doUpdateSet({ secret, members_hash: hash, rotated_at: values.rotated_at }))
      .execute();
    return secret;
  });
}
