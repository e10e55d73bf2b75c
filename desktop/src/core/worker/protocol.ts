import type { HostResponse } from '@sinif/shared';
import type { ServableBlob } from '../desktop-core.ts';
import type { SeatEnforcement } from '../lab/seat-enforcement.ts';

/** Messages between startCoreWorker (main thread) and core-worker.ts. */
export type CoreRequest =
  | { id: number; kind: 'invoke'; method: unknown; args: unknown }
  | { id: number; kind: 'verifiedBlob'; sha256: string }
  | { id: number; kind: 'close' };

export type CoreReply =
  | { kind: 'ready' }
  | { kind: 'startFailed'; name: string; code: string | undefined; message: string }
  /** Unasked: what the seat must enforce changed (the first one right after `ready`). */
  | { kind: 'enforcement'; enforcement: SeatEnforcement }
  | { id: number; kind: 'invoked'; response: HostResponse }
  | { id: number; kind: 'blob'; blob: ServableBlob | null }
  | { id: number; kind: 'closed' }
  | { id: number; kind: 'failed'; message: string };
