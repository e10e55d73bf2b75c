/**
 * The header a lab PC sends to a classmate's peer server: its device id, the
 * time, and an HMAC over both and the blob's sha256 with the lab's peer
 * secret. Only PCs the server currently counts as the lab's enrolled PCs can
 * read that secret, so a valid proof means "a PC of this lab, recently".
 * The clock window tolerates lab PCs whose clocks drift by a few minutes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PEER_PROOF_WINDOW_MS = 5 * 60_000;

function mac(secret: string, deviceId: string, seconds: number, sha256: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${deviceId}.${seconds}.${sha256}`).digest();
}

export function peerProof(secret: string, deviceId: string, sha256: string, nowMs = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000);
  return `${deviceId}.${seconds}.${mac(secret, deviceId, seconds, sha256).toString('hex')}`;
}

export type ProofCheck = { ok: true; deviceId: string } | { ok: false; reason: 'malformed' | 'expired' | 'bad-signature' };

export function checkPeerProof(header: string | undefined, sha256: string, secret: string, nowMs = Date.now()): ProofCheck {
  const match = header === undefined || header.length > 300 ? null : /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([0-9a-f]{64})$/.exec(header);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, deviceId = '', secondsText = '', signature = ''] = match;
  const seconds = Number(secondsText);
  if (Math.abs(nowMs - seconds * 1000) > PEER_PROOF_WINDOW_MS) return { ok: false, reason: 'expired' };
  const expected = mac(secret, deviceId, seconds, sha256);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'bad-signature' };
  return { ok: true, deviceId };
}
