/**
 * One folding for both sides of the search index: the text stored in the FTS
 * table and the words a user types. NFKD and mark removal strip most Latin
 * diacritics, but not ə (schwa) or ı (dotless i), which are letters of their
 * own in Unicode; Azerbaijani users type "sekil" for "şəkil" and "komputer"
 * for "Kompüter", so those are mapped here too.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
/**
 * Characters folded here in one pass, to what NFKD + mark removal would give
 * (ə and ı, which NFKD leaves alone, by hand): the Azerbaijani letters, the
 * Russian й and ё, the Armenian ligature և, and the combining dot that "İ"
 * leaves after lowercasing ("İnformatika"). Each of them used to send its
 * text through the normalisation pass: the bench library's 300k texts fold in
 * ~220 ms, against ~260 before և and İ were added here and ~300 before й and
 * ё. The same pass turns the punctuation common in az/hy/ru text («» – —
 * and the Armenian marks) into spaces (see NON_ASCII_BREAKS), so that text
 * stays on the fast path too.
 */
const HAND_FOLDED_BASE: ReadonlyMap<string, string> = new Map([
  ...Object.entries({ ə: 'e', ı: 'i', ç: 'c', ş: 's', ğ: 'g', ö: 'o', ü: 'u', й: 'и', ё: 'е', և: 'եւ', '\u0307': '' }),
  ...[...'\u00ab\u00bb\u055a\u055b\u055c\u055d\u055e\u055f\u0589\u058a\u2013\u2014'].map((mark) => [mark, ' '] as const),
]);
const HAND_FOLDED = new RegExp(`[${[...HAND_FOLDED_BASE.keys()].join('')}]`, 'g');
/**
 * Lowercase text made only of characters NFKD leaves as they are and that
 * carry no mark: ASCII, the Russian letters except й and ё (which decompose),
 * the Armenian letters except the ligature և, ə and ı. Most of the library
 * (az/hy/ru titles and descriptions) is such text once HAND_FOLDED has run,
 * and skips the normalisation pass, which took most of a first sync's
 * folding time. Beyond ASCII it holds letters only: the fast path also skips
 * NON_ASCII_BREAKS, so a word break here would reach the index unsplit.
 */
const NFKD_STABLE = /^[\t\n\r\u0020-\u007f\u0430-\u0438\u043a-\u044f\u0561-\u0586\u0259\u0131]*$/;

/**
 * Letters and digits that SQLite's unicode61 tokenizer (the index's before
 * migration 0010) counted as word breaks: New Tai Lue vowel signs and two
 * Vedic signs. Still breaks, so words split as they always did.
 */
const UNICODE61_BREAKS = '\\u19b0-\\u19c0\\u19c8\\u19c9\\u1cf2\\u1cf3';

/**
 * Word breaks outside ASCII: what TOKEN_SEPARATORS splits on, less ASCII.
 * The index's `ascii` tokenizer (cache migration 0010) splits only on ASCII
 * punctuation and spaces and keeps every other character in a word, so the
 * folding turns each of them into a space for it: the few common in az/hy/ru
 * text in HAND_FOLDED's pass, the rest after normalising.
 */
const NON_ASCII_BREAKS = new RegExp(`[^\\p{L}\\p{N}\\p{ASCII}]|[${UNICODE61_BREAKS}]`, 'gu');

/**
 * Lowercase, ə→e, ı→i, NFKD, without combining marks, and every word break
 * outside ASCII a space. Locale-free on purpose: Azerbaijani "I"→"ı" and
 * English "I"→"i" both end up as "i", and "İ" lowercases to "i" + a
 * combining dot, which goes with the other marks. Plain ASCII (most English
 * text) needs only the lowercase: a fast path, since a first sync folds
 * every title and description of the library.
 */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  const mapped = lower.replace(HAND_FOLDED, (char) => HAND_FOLDED_BASE.get(char)!);
  if (NFKD_STABLE.test(mapped)) return mapped;
  return mapped.normalize('NFKD').replace(COMBINING_MARKS, '').replace(NON_ASCII_BREAKS, ' ');
}

/**
 * Where a search splits words: anything but a letter or digit (which also
 * drops every character FTS5 query syntax gives a meaning to), and
 * UNICODE61_BREAKS. foldForSearch turns the same breaks into spaces in the
 * text it indexes; tests check every code point both ways.
 */
const TOKEN_SEPARATORS = new RegExp(`[^\\p{L}\\p{N}]+|[${UNICODE61_BREAKS}]+`, 'u');

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
