/**
 * The PC tells the server what it runs and how much disk it has left, so IT
 * staff see the fleet without walking the lab: right after enrolment, when the
 * app starts, and every 15 minutes while it runs. A report is best effort: a
 * failure is logged and the next tick tries again.
 */
import { statfs } from 'node:fs/promises';
import { release } from 'node:os';
import type { DeviceReportRequest } from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';
import type { Enrolment } from './cache/enrolment-store.ts';
import type { ServerClient } from './server-client.ts';

export const INVENTORY_REPORT_INTERVAL_MS = 15 * 60_000;
const REPORT_TIMEOUT_MS = 15_000;

export interface InventoryReportOptions {
  client: ServerClient;
  /** The PC's current enrolment; null while it has none (nothing to report then). */
  enrolment: () => Promise<Enrolment | null>;
  appVersion: string;
  /** The disk that fills up is the one holding the lesson cache. */
  cacheDir: string;
  intervalMs?: number;
  logError: (message: string, error: unknown) => void;
}

/** e.g. "linux 6.1.0-18-amd64", "win32 10.0.19045": platform and kernel/build, within the schema's 100 chars. */
export function osDescription(): string {
  return `${process.platform} ${release()}`.slice(0, 100);
}

async function freeDiskBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return Math.min(Number.MAX_SAFE_INTEGER, stats.bavail * stats.bsize);
}

export class InventoryReport {
  readonly #options: InventoryReportOptions;
  readonly #stopped = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(options: InventoryReportOptions) {
    this.#options = options;
  }

  /** Reports now, then on every interval; the timer never keeps the process alive. */
  start(): void {
    if (this.#timer || this.#stopped.signal.aborted) return;
    this.#timer = setInterval(() => this.sendSoon(), this.#options.intervalMs ?? INVENTORY_REPORT_INTERVAL_MS);
    this.#timer.unref();
    this.sendSoon();
  }

  /** Queues one report (after any in flight, so two never race); never rejects. */
  sendSoon(): Promise<void> {
    if (this.#stopped.signal.aborted) return this.#inFlight;
    this.#inFlight = this.#inFlight.then(() => this.#send());
    return this.#inFlight;
  }

  /** Stops the timer and waits for (aborting) a report in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#stopped.abort();
    await this.#inFlight;
  }

  async #send(): Promise<void> {
    try {
      if (this.#stopped.signal.aborted) return;
      const enrolment = await this.#options.enrolment();
      if (!enrolment) return;
      const report: DeviceReportRequest = {
        os: osDescription(),
        appVersion: this.#options.appVersion.slice(0, 40),
        freeDiskBytes: await freeDiskBytes(this.#options.cacheDir),
      };
      const signal = AbortSignal.any([this.#stopped.signal, AbortSignal.timeout(REPORT_TIMEOUT_MS)]);
      await this.#options.client.reportDevice(enrolment.serverUrl, enrolment.deviceToken, report, signal);
    } catch (error) {
      if (this.#stopped.signal.aborted) return;
      // An offline lab is normal: one line, no stack, for a failure the server or network explains.
      const known = error instanceof HostFailure;
      this.#options.logError(`inventory report failed${known ? ` (${error.code})` : ''}`, known ? error.message : error);
    }
  }
}
