import type { FetchBlob } from '../library-sync.ts';

/** One caller waiting on a flight. */
interface Waiter {
  onBytes: (n: number) => void;
}

interface Flight {
  done: Promise<void>;
  /** Bytes reported so far, for a caller that joins late. */
  bytes: number;
  waiters: Set<Waiter>;
  /** Aborts the download itself: only once every caller has given up on it. */
  abort: AbortController;
}

/**
 * One download per blob however many ask for it: the library sync and a
 * lesson download (or two lessons sharing a file) would otherwise write the
 * same `.part` file at once. A caller that joins a running download hears the
 * bytes already fetched first, then every new chunk, and shares its outcome.
 *
 * A caller with a `signal` (a lesson download the user cancels) may stop
 * waiting: it leaves at once, and the download goes on for whoever else
 * wants the blob. Only when the last caller leaves is the download itself
 * aborted (its `.part` stays for a resume); that caller's rejection waits
 * until the transfer has really stopped, so nothing writes the file after it.
 */
export function sharedBlobFetch(fetchBlob: FetchBlob): FetchBlob {
  const flights = new Map<string, Flight>();

  function fly(auth: Parameters<FetchBlob>[0], blob: Parameters<FetchBlob>[1]): Flight {
    const flight: Flight = { done: Promise.resolve(), bytes: 0, waiters: new Set(), abort: new AbortController() };
    flights.set(blob.sha256, flight);
    flight.done = (async () => {
      try {
        await fetchBlob(
          auth,
          blob,
          (n) => {
            flight.bytes += n;
            for (const waiter of flight.waiters) waiter.onBytes(n);
          },
          flight.abort.signal,
        );
      } finally {
        flights.delete(blob.sha256);
      }
    })();
    // Abandoned flights are awaited by nobody but their last caller; never an unhandled rejection.
    flight.done.catch(() => {});
    return flight;
  }

  function join(flight: Flight, onBytes: (n: number) => void, signal: AbortSignal | undefined): Promise<void> {
    const waiter: Waiter = { onBytes };
    if (flight.bytes > 0) onBytes(flight.bytes);
    flight.waiters.add(waiter);
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        flight.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      function onAbort(): void {
        leave();
        if (flight.waiters.size > 0) return reject(signal!.reason);
        flight.abort.abort(signal!.reason);
        void flight.done.catch(() => {}).then(() => reject(signal!.reason));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.done.then(
        () => (leave(), resolve()),
        (error: unknown) => (leave(), reject(error)),
      );
    });
  }

  return async (auth, blob, onBytes, signal) => {
    signal?.throwIfAborted();
    for (;;) {
      const flight = flights.get(blob.sha256);
      if (!flight) return join(fly(auth, blob), onBytes, signal);
      if (!flight.abort.signal.aborted) return join(flight, onBytes, signal);
      // Abandoned and still winding down: let it close the `.part` before a new download opens it.
      await settledOrAborted(flight.done, signal);
      signal?.throwIfAborted();
    }
  };
}

/** Resolves when `done` settles or `signal` aborts, whichever comes first. */
function settledOrAborted(done: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    signal?.addEventListener('abort', stop, { once: true });
    void done
      .catch(() => {})
      .then(() => {
        signal?.removeEventListener('abort', stop);
        resolve();
      });
  });
}
