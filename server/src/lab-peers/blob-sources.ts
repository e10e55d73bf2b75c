/**
 * Where a lab PC should fetch a blob from: classmates that hold it verified
 * first; else the server, under the lab's lease; else wait for the classmate
 * holding the lease to finish.
 */
import type { BlobReportRequest, BlobSource, BlobSourceRequest } from '@sinif/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { DeviceRow } from '../db/schema.ts';
import type { BlobLeases } from './blob-leases.ts';
import { forgetHolder, onlineHolders, recordHolder } from './lab-peer-directory.ts';
import type { LabPeerDb } from './lab-peer-tables.ts';

/** How long a PC waits before asking again while a classmate downloads. */
export const WAIT_RETRY_MS = 500;

export async function chooseBlobSource(db: LabPeerDb, leases: BlobLeases, device: DeviceRow, request: BlobSourceRequest): Promise<BlobSource> {
  const exclude = [device.id, ...(request.avoid ?? [])];
  const peers = await onlineHolders(db, device.lab_id, request.sha256, exclude);
  if (peers.length > 0) return { source: 'peers', peers };
  const lease = leases.acquire(device.lab_id, request.sha256, device.id);
  if (lease.granted) return { source: 'server', leaseMs: lease.leaseMs };
  return { source: 'wait', retryAfterMs: WAIT_RETRY_MS };
}

export async function applyBlobReport(
  db: LabPeerDb,
  leases: BlobLeases,
  device: DeviceRow,
  report: BlobReportRequest,
  log: FastifyBaseLogger,
): Promise<void> {
  const { sha256, outcome, peerDeviceId } = report;
  switch (outcome) {
    case 'have':
      await recordHolder(db, device.id, sha256);
      leases.release(device.lab_id, sha256, device.id);
      return;
    case 'released':
      leases.release(device.lab_id, sha256, device.id);
      return;
    case 'absent':
      if (peerDeviceId) await forgetHolder(db, device.lab_id, peerDeviceId, sha256);
      return;
    case 'mismatch':
      if (peerDeviceId) {
        // Not offered for this blob again; the reporter also avoids that PC for the rest of its run.
        await forgetHolder(db, device.lab_id, peerDeviceId, sha256);
        log.warn({ deviceId: device.id, peerDeviceId, sha256 }, 'a lab PC served bytes that do not match their sha256');
      } else {
        log.error({ deviceId: device.id, sha256 }, 'a PC received content from this server that does not match its sha256');
      }
      return;
    default: {
      const never: never = outcome;
      throw new Error(`unknown blob report outcome ${String(never)}`);
    }
  }
}
