/**
 * Lab-local sharing of lesson files: PCs of one lab fetch blobs from each
 * other so a lesson crosses the school's uplink once. The server is the
 * directory and the coordinator (/api/v1/devices/me/lab-peers, device token);
 * PCs talk to each other over `GET /peer/blob/:sha256` with a proof header
 * signed by the lab's peer secret.
 */
import { Type, type Static } from 'typebox';
import { Sha256Hex } from '../domain/catalog.ts';
import { EntityId } from './ids.ts';

/** `<deviceId>.<unix seconds>.<hex HMAC-SHA256(lab secret, "<deviceId>.<unix seconds>.<sha256>")>` */
export const PEER_PROOF_HEADER = 'x-sinif-peer';
/** Path of a PC's peer server that serves its verified blobs. */
export const PEER_BLOB_PATH = '/peer/blob/';

const IpLiteral = Type.String({ minLength: 2, maxLength: 45, pattern: '^[0-9a-fA-F.:]+$' });
const PeerPort = Type.Integer({ minimum: 1, maximum: 65535 });

/** PUT /api/v1/devices/me/lab-peers/endpoint: where this PC's peer server listens. */
export const PeerEndpointRequest = Type.Object(
  {
    port: PeerPort,
    /** The PC's own LAN addresses (the server also records the address it sees, which NAT may hide). */
    addresses: Type.Array(IpLiteral, { maxItems: 8 }),
  },
  { additionalProperties: false },
);
export type PeerEndpointRequest = Static<typeof PeerEndpointRequest>;

export const LabPeer = Type.Object({
  deviceId: Type.String(),
  seatName: Type.String(),
  /** Try in order: what the PC reported, then the address the server saw. */
  addresses: Type.Array(Type.String()),
  port: Type.Integer(),
});
export type LabPeer = Static<typeof LabPeer>;

/** GET /api/v1/devices/me/lab-peers: the lab's current peer secret and its PCs online now. */
export const LabPeers = Type.Object({
  deviceId: Type.String(),
  labId: Type.String(),
  /** base64url, 32 bytes. Rotated when the lab's set of enrolled PCs changes (a PC revoked, moved, enrolled). */
  secret: Type.String(),
  peers: Type.Array(LabPeer),
});
export type LabPeers = Static<typeof LabPeers>;

/** POST /api/v1/devices/me/lab-peers/blob-source: where to fetch one blob from. */
export const BlobSourceRequest = Type.Object(
  {
    sha256: Sha256Hex,
    /** PCs this one could not use (served garbage, unreachable): never offered again for this call. */
    avoid: Type.Optional(Type.Array(EntityId, { maxItems: 64 })),
  },
  { additionalProperties: false },
);
export type BlobSourceRequest = Static<typeof BlobSourceRequest>;

/**
 * `server`: fetch from the server (this PC now holds the lab's lease on the
 * blob; asking again renews it). `peers`: lab PCs that reported the blob
 * verified. `wait`: another PC of the lab is fetching it from the server; ask
 * again after `retryAfterMs`.
 */
export const BlobSource = Type.Union([
  Type.Object({ source: Type.Literal('server'), leaseMs: Type.Integer() }),
  Type.Object({ source: Type.Literal('peers'), peers: Type.Array(LabPeer) }),
  Type.Object({ source: Type.Literal('wait'), retryAfterMs: Type.Integer() }),
]);
export type BlobSource = Static<typeof BlobSource>;

/**
 * POST /api/v1/devices/me/lab-peers/blob-reports. `have`: this PC verified the
 * blob and serves it. `released`: it gave up its lease. `mismatch`: bytes did
 * not hash to the sha256 (from `peerDeviceId`, or from the server when absent).
 * `absent`: `peerDeviceId` answered that it does not have the blob.
 */
export const BlobReportRequest = Type.Object(
  {
    sha256: Sha256Hex,
    outcome: Type.Union([Type.Literal('have'), Type.Literal('released'), Type.Literal('mismatch'), Type.Literal('absent')]),
    peerDeviceId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type BlobReportRequest = Static<typeof BlobReportRequest>;
