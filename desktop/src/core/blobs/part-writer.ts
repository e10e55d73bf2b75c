/**
 * Writes a download's bytes into its `.part` file while the next bytes are
 * still arriving. The network hands over ~64 KiB chunks; writing each and
 * waiting for it put a thread-pool round trip between every two reads, and a
 * 200 MB lesson video came in measurably slower than a plain GET written to
 * disk (desktop/bench/library.bench.ts, downloadRatio). Chunks are gathered
 * into batches of WRITE_BATCH_BYTES, one batch is written while the next is
 * gathered, and the file is flushed to disk in the background as it grows so
 * the fsync before the rename does not wait for hundreds of MB at once.
 * A batch goes out as the chunks themselves, in one `writev`: copied into one
 * buffer first, a 200 MB download allocated 200 MB more, and in a process
 * with a large heap the collections that set off slowed the download by a
 * fifth (fetcher medians 1.59–2.16 s against 1.51–1.79 s, bare GET alike).
 */
import type { FileHandle } from 'node:fs/promises';
import { writeChunks } from './blob-files.ts';

const WRITE_BATCH_BYTES = 1024 * 1024;
/**
 * A batch is written after this long even when small: on a capped or thin
 * link a MiB takes many seconds, and bytes held only in memory are lost to a
 * crash or power cut (the resume starts at the file's length).
 */
const WRITE_BATCH_MS = 500;
/** Bytes written between background flushes of a large download. */
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;

export class PartWriter {
  readonly #handle: FileHandle;
  #batch: Uint8Array[] = [];
  #batchBytes = 0;
  #batchStartedAt = 0;
  /** The batch being written; its failure is reported by the next `write` or `finish`. */
  #writing: Promise<void> = Promise.resolve();
  #failure: unknown = null;
  #written = 0;
  #flushedAt = 0;
  #flushing: Promise<void> | null = null;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Takes `bytes` for the file; waits only when the batch before last is still being written. */
  async write(bytes: Uint8Array): Promise<void> {
    this.#throwIfFailed();
    if (this.#batchBytes === 0) this.#batchStartedAt = performance.now();
    this.#batch.push(bytes);
    this.#batchBytes += bytes.byteLength;
    if (this.#batchBytes >= WRITE_BATCH_BYTES || performance.now() - this.#batchStartedAt >= WRITE_BATCH_MS) await this.#startBatch();
  }

  /** Writes what is left and makes the whole file durable (before it may be renamed into place). */
  async finish(): Promise<void> {
    await this.#startBatch();
    await this.#writing;
    this.#throwIfFailed();
    await this.#flushing;
    await this.#handle.sync();
  }

  /**
   * Before the file is closed after a dropped connection, a stop or a
   * failure: writes the bytes already received (a resume starts at the file's
   * length, so they need not cross the uplink again) unless writing failed.
   * Never throws; the failure that matters was already thrown.
   */
  async settle(): Promise<void> {
    await this.#writing;
    if (this.#failure === null) {
      await this.#startBatch().catch(() => {});
      await this.#writing;
    }
    await this.#flushing;
  }

  async #startBatch(): Promise<void> {
    await this.#writing;
    this.#throwIfFailed();
    if (this.#batchBytes === 0) return;
    const batch = this.#batch;
    this.#written += this.#batchBytes;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#writing = writeChunks(this.#handle, batch).then(
      () => this.#flushInBackground(),
      (error: unknown) => void (this.#failure ??= error),
    );
  }

  #flushInBackground(): void {
    if (this.#flushing || this.#written - this.#flushedAt < FLUSH_EVERY_BYTES) return;
    this.#flushedAt = this.#written;
    // Errors surface in the final sync().
    this.#flushing = this.#handle.datasync().then(
      () => void (this.#flushing = null),
      () => void (this.#flushing = null),
    );
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure;
  }
}
