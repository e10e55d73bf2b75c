/**
 * One folding for both sides of the search index: the text stored in the FTS
 * table and the words a user types. FTS5's unicode61 tokenizer strips most
 * Latin diacritics, but not ə (schwa) or ı (dotless i), which are letters of
 * their own in Unicode; Azerbaijani users type "sekil" for "şəkil" and
 * "komputer" for "Kompüter", so those are mapped here too.
 */

// Letters that NFKD does not decompose into a base letter + mark.
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ə: 'e',
  ı: 'i',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ł: 'l',
};
const FOLDED_LETTERS = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Lowercase, ə→e, ı→i, NFKD and without combining marks. Locale-free on
 * purpose: Azerbaijani "I"→"ı" and English "I"→"i" both end up as "i".
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(FOLDED_LETTERS, (letter) => LETTER_FOLDS[letter] ?? letter)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '');
}

// unicode61 splits on everything that is not a letter or a number; so do we,
// which also drops every character FTS5 query syntax gives a meaning to.
const TOKEN_SEPARATORS = /[^\p{L}\p{N}]+/u;

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
