/**
 * /api/v1/devices/me/lab-peers: lab-local blob sharing for an enrolled PC
 * (device token). The lab's peer secret and online classmates, where this PC
 * listens, where to fetch a blob from, and what it got. See src/lab-peers/.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BlobReportRequest, BlobSource, BlobSourceRequest, LabPeers, PeerEndpointRequest } from '@sinif/shared';
import { BlobLeases } from '../../../../../../lab-peers/blob-leases.ts';
import { applyBlobReport, chooseBlobSource } from '../../../../../../lab-peers/blob-sources.ts';
import { onlinePeers, recordEndpoint } from '../../../../../../lab-peers/lab-peer-directory.ts';
import { labPeerSecret } from '../../../../../../lab-peers/lab-peer-secret.ts';
import { labPeerDb } from '../../../../../../lab-peers/lab-peer-tables.ts';

const guard = { deviceAction: 'device.labPeers' } as const;

const labPeers: FastifyPluginAsyncTypebox = async (app) => {
  const db = labPeerDb(app.store);
  const leases = new BlobLeases();

  app.get('/', { schema: { response: { 200: LabPeers } }, config: guard }, async (request) => {
    const device = request.device!;
    return {
      deviceId: device.id,
      labId: device.lab_id,
      secret: await labPeerSecret(db, device.lab_id),
      peers: await onlinePeers(db, device.lab_id, device.id),
    };
  });

  app.put('/endpoint', { schema: { body: PeerEndpointRequest }, config: guard }, async (request, reply) => {
    await recordEndpoint(db, request.device!.id, { ...request.body, seenAddress: request.ip });
    return reply.code(204).send();
  });

  app.post('/blob-source', { schema: { body: BlobSourceRequest, response: { 200: BlobSource } }, config: guard }, async (request) =>
    chooseBlobSource(db, leases, request.device!, request.body),
  );

  app.post('/blob-reports', { schema: { body: BlobReportRequest }, config: guard }, async (request, reply) => {
    await applyBlobReport(db, leases, request.device!, request.body, request.log);
    return reply.code(204).send();
  });
};

export default labPeers;
