/**
 * One folding for both sides of the search index: the text stored in the FTS
 * table and the words a user types. FTS5's unicode61 tokenizer strips most
 * Latin diacritics, but not ə (schwa) or ı (dotless i), which are letters of
 * their own in Unicode; Azerbaijani users type "sekil" for "şəkil" and
 * "komputer" for "Kompüter", so those are mapped here too.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
/**
 * Letters folded here in one pass, to what NFKD + mark removal would give
 * (ə and ı, which NFKD leaves alone, by hand): the Azerbaijani letters, and
 * the Russian й and ё, which sent one text in eight of the bench library
 * through the normalisation pass (folding its 300k texts: 300 → 260 ms).
 */
const HAND_FOLDED = /[əıçşğöüйё]/g;
const HAND_FOLDED_BASE: Readonly<Record<string, string>> = { ə: 'e', ı: 'i', ç: 'c', ş: 's', ğ: 'g', ö: 'o', ü: 'u', й: 'и', ё: 'е' };
/**
 * Lowercase text made only of characters NFKD leaves as they are and that
 * carry no mark: ASCII, the Russian letters except й and ё (which decompose),
 * the Armenian letters except the ligature և, ə and ı, and «» – —. Most of
 * the library (az/hy/ru titles and descriptions) is such text and skips the
 * normalisation pass, which took most of a first sync's folding time.
 */
const NFKD_STABLE = /^[\t\n\r\u0020-\u007f\u0430-\u0438\u043a-\u044f\u0561-\u0586\u055a-\u055f\u0589\u058a\u0259\u0131\u00ab\u00bb\u2013\u2014]*$/;

/**
 * Lowercase, ə→e, ı→i, NFKD and without combining marks. Locale-free on
 * purpose: Azerbaijani "I"→"ı" and English "I"→"i" both end up as "i", and
 * "İ" lowercases to "i" + a combining dot, which goes with the other marks.
 * Plain ASCII (most English text) needs only the lowercase: a fast path,
 * since a first sync folds every title and description of the library.
 */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  const mapped = lower.replace(HAND_FOLDED, (letter) => HAND_FOLDED_BASE[letter]!);
  if (NFKD_STABLE.test(mapped)) return mapped;
  return mapped.normalize('NFKD').replace(COMBINING_MARKS, '');
}

// unicode61 splits on everything that is not a letter or a number; so do we,
// which also drops every character FTS5 query syntax gives a meaning to.
/**
 * Where a search splits words: anything but a letter or digit, and the few
 * letters and digits (New Tai Lue vowel signs, two Vedic signs) that SQLite's
 * unicode61 tables still count as separators. A word SQLite would split is
 * a phrase, which the index (detail = column, migration 0009) refuses; a test
 * checks every code point against the real tokenizer.
 */
const TOKEN_SEPARATORS = /[^\p{L}\p{N}]+|[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]+/u;

/** The folded words of a search, as the tokenizer would see them. */
export function searchTokens(search: string): string[] {
  return foldForSearch(search)
    .split(TOKEN_SEPARATORS)
    .filter((token) => token.length > 0);
}

/**
 * An FTS5 MATCH expression: every word quoted (so AND/OR/NEAR/"*" typed by a
 * user are plain words, never syntax) and prefix-matched ("şək" finds
 * "şəkil"); words are ANDed. Null when the search has no words at all.
 */
export function ftsMatchOf(search: string, maxTokens = 8): string | null {
  const tokens = searchTokens(search).slice(0, maxTokens);
  if (tokens.length === 0) return null;
  return tokens.map((token) => `"${token}"*`).join(' ');
}
