/**
 * The search index keeps no word positions (cache migration 0009), so a
 * quoted word that SQLite's tokenizer splits in two is a phrase query, and
 * SQLite refuses it. Every code point is tried, between two letters, against
 * the real index in a real cache: the search must run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheDb, withSqlite } from '../../../src/core/cache/database.ts';
import { ftsMatchOf } from '../../../src/core/search/search-fold.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('search words and the index tokenizer', () => {
  it('never hands the index a phrase: every code point between two letters is one word or a word break to both', async () => {
    const db = await openCacheDb(await dirs.make());
    const refused = await withSqlite(db, (sqlite) => {
      const search = sqlite.prepare<[string], { rowid: number }>('SELECT rowid FROM lesson_search WHERE lesson_search MATCH ?');
      const failures: string[] = [];
      for (let code = 0; code < 0x110000; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue; // lone surrogates are not text
        const match = ftsMatchOf(`a${String.fromCodePoint(code)}b`);
        // Split into two words by the search already: nothing for the index to split.
        if (match === null || match === '"a"* "b"*') continue;
        try {
          search.all(match);
        } catch (error) {
          failures.push(`U+${code.toString(16).padStart(4, '0')}: ${(error as Error).message}`);
        }
      }
      return failures;
    });
    await db.destroy();
    expect(refused).toEqual([]);
  }, 60_000);
});
