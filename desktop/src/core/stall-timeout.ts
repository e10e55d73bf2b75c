/**
 * A request bounded by silence rather than by its total length, for catalog
 * pages (server-client.ts) and blob downloads (blob-store.ts): the signal
 * aborts (as a TimeoutError, reported as an unreachable server) once `ms`
 * pass without `progress()`. A catalog page is hundreds of kilobytes, and a
 * computer center's few Mbit/s are shared by every PC syncing at once: a page
 * may rightly take longer than any fixed timeout, while a connection that
 * has gone quiet should still fail fast.
 *
 * Time this thread spends busy counts as silence too: timers run before
 * bytes that arrived meanwhile are read, so a prefetched page's silence
 * includes the applying of the page before it (tens of milliseconds, against
 * a timeout of seconds).
 */
export class StallTimeout {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  /** Waits of our own in progress (see `excuse`). */
  #excused = 0;

  constructor(ms: number) {
    this.#timer = setTimeout(() => {
      if (this.#excused > 0) this.#timer.refresh();
      else this.#controller.abort(new DOMException(`nothing received for ${ms} ms`, 'TimeoutError'));
    }, ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Bytes arrived: the silence starts again. */
  progress(): void {
    this.#timer.refresh();
  }

  /**
   * Time spent in `wait` is ours (a bandwidth cap holding the reading back),
   * not a silent network: it never counts, and the silence starts again after.
   */
  async excuse<T>(wait: Promise<T>): Promise<T> {
    this.#excused += 1;
    try {
      return await wait;
    } finally {
      this.#excused -= 1;
      this.#timer.refresh();
    }
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
