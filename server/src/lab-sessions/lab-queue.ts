/**
 * Runs async work one at a time per key (mediasoup-demo's AwaitQueue idea):
 * two teachers pressing "start" on the same lab at once must not make two
 * sessions, so starting, joining and ending a lab's session queue per lab.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
