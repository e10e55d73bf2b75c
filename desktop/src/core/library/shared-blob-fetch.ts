import type { FetchBlob } from '../library-sync.ts';

interface Flight {
  done: Promise<void>;
  /** Bytes reported so far, for a caller that joins late. */
  bytes: number;
  listeners: Set<(n: number) => void>;
}

/**
 * One download per blob however many ask for it: the library sync and a
 * lesson download (or two lessons sharing a file) would otherwise write the
 * same `.part` file at once. A caller that joins a running download hears the
 * bytes already fetched first, then every new chunk, and shares its outcome.
 */
export function sharedBlobFetch(fetchBlob: FetchBlob): FetchBlob {
  const flights = new Map<string, Flight>();
  return async (auth, blob, onBytes) => {
    let flight = flights.get(blob.sha256);
    if (flight) {
      if (flight.bytes > 0) onBytes(flight.bytes);
      flight.listeners.add(onBytes);
    } else {
      const started: Flight = { done: Promise.resolve(), bytes: 0, listeners: new Set([onBytes]) };
      flights.set(blob.sha256, started);
      started.done = (async () => {
        try {
          await fetchBlob(auth, blob, (n) => {
            started.bytes += n;
            for (const listener of started.listeners) listener(n);
          });
        } finally {
          flights.delete(blob.sha256);
        }
      })();
      flight = started;
    }
    try {
      await flight.done;
    } finally {
      flight.listeners.delete(onBytes);
    }
  };
}
