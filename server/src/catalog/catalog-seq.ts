/**
 * Feed seqs handed out inside one write transaction. Every catalog write
 * takes its seqs from the one `catalog_seq` counter row in the same
 * transaction, so seqs are strictly increasing in commit order and a change
 * is never visible without its seq. (SQLite has one writer; on PostgreSQL the
 * counter row's lock gives the same order.)
 *
 * The seqs a run takes are contiguous: nothing else can bump the counter
 * until this transaction commits.
 */
import type { Transaction } from 'kysely';
import type { StoreSchema } from '../db/schema.ts';

export class SeqRun {
  readonly #trx: Transaction<StoreSchema>;
  /** Seqs given to lesson rows and not yet reused by view rows: [#reusableFirst, +#reusable). */
  #reusableFirst = 0;
  #reusable = 0;

  constructor(trx: Transaction<StoreSchema>) {
    this.#trx = trx;
  }

  async #bump(count: number): Promise<number> {
    const row = await this.#trx
      .updateTable('catalog_seq')
      .set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
      .where('id', '=', 1)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return row.last_seq - count + 1;
  }

  /** The next unused seq (for a lesson row). */
  async next(): Promise<number> {
    const seq = await this.#bump(1);
    if (this.#reusable === 0) this.#reusableFirst = seq;
    this.#reusable += 1;
    return seq;
  }

  /**
   * The first of `count` contiguous seqs for per-school view rows. They reuse
   * the seqs this run gave lesson rows (another table), so a school that sees
   * a one-lesson edit gets the lesson's own seq.
   */
  async forViews(count: number): Promise<number> {
    if (count === 0) return 0;
    let first: number;
    if (this.#reusable === 0) {
      first = await this.#bump(count);
    } else {
      first = this.#reusableFirst;
      if (count > this.#reusable) await this.#bump(count - this.#reusable);
    }
    this.#reusable = 0;
    return first;
  }
}
