import { describe, expect, it } from 'vitest';
import { foldForSearch, ftsMatchOf, searchTokens } from '../../../src/core/search/search-fold.ts';

/**
 * The folding by its definition, without the fast paths foldForSearch takes:
 * every code point a search splits words on (TOKEN_SEPARATORS) and ASCII does
 * not, a space.
 */
const byDefinition = (text: string) =>
  text
    .toLowerCase()
    .replaceAll('ə', 'e')
    .replaceAll('ı', 'i')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}\p{ASCII}]|[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/gu, ' ');

/**
 * The words FTS5's ascii tokenizer (the index's, cache migration 0010) reads
 * in a text: split on ASCII that is not a letter or digit, A–Z lowercased,
 * every other character kept as it is.
 */
const asciiTokenizerWords = (text: string) =>
  text
    .split(/(?:(?![A-Za-z0-9])\p{ASCII})+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/[A-Z]/g, (letter) => letter.toLowerCase()));

describe('foldForSearch', () => {
  it('folds every character of the Basic Multilingual Plane exactly as the definition does (fast paths included)', () => {
    const differing: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // lone surrogates are not text
      const char = String.fromCharCode(code);
      for (const text of [char, `ab${char}ба`, `Şəkil ${char} Երևան`]) {
        if (foldForSearch(text) !== byDefinition(text)) differing.push(`U+${code.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('gives the index exactly the words a search splits the same text into, for every code point (astral planes too)', () => {
    const differing: string[] = [];
    for (let code = 0; code < 0x110000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      for (const text of [`ab${char}ба`, `Երևան${char}${char}Şəkil`]) {
        // A search word reaches the index through the same tokenizer (quoted in the MATCH),
        // and must stay one word there: two would be a phrase, which the index refuses.
        const searched = searchTokens(text).map(asciiTokenizerWords);
        const splitWord = searched.some((words) => words.length !== 1);
        if (splitWord || asciiTokenizerWords(foldForSearch(text)).join(' ') !== searched.flat().join(' ')) differing.push(`U+${code.toString(16).padStart(4, '0')}`);
      }
    }
    expect(differing).toEqual([]);
  }, 60_000);

  it.each([
    // Azerbaijani: ə and ı are letters of their own, NFKD alone would keep them.
    ['Şəkil', 'sekil'],
    ['ŞƏKİL', 'sekil'],
    ['Kompüter', 'komputer'],
    ['KOMPÜTER', 'komputer'],
    ['Azərbaycan dili', 'azerbaycan dili'],
    ['Qığılcım', 'qigilcim'],
    ['Çiçək', 'cicek'],
    ['Ağac', 'agac'],
    ['Göl', 'gol'],
    ['İNCƏSƏNƏT', 'incesenet'],
    ['IŞIQ', 'isiq'],
    // Russian: case folds, ё/й lose their marks on both sides alike.
    ['МАТЕМАТИКА', 'математика'],
    ['Ёлка', 'елка'],
    ['Дробь Й', 'дробь и'],
    // Armenian: case folds; the ligature և becomes ե + ւ.
    ['ՄԱԹԵՄԱՏԻԿԱ', 'մաթեմատիկա'],
    ['Երևան', 'երեւան'],
    // Word breaks outside ASCII become spaces, one each.
    ['«Şəkil»—rəsm', ' sekil  resm'],
    ['Ի՞նչ է սա։', 'ի նչ է սա '],
    // English and the rest of Latin.
    ['Café Naïve', 'cafe naive'],
    ['ﬁle', 'file'],
    ['Plain ASCII Text', 'plain ascii text'],
    ['', ''],
  ])('folds %j to %j', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it('is idempotent: folding folded text changes nothing', () => {
    for (const text of ['Şəkil çəkmək', 'Ёлка', 'Երևան', 'KOMPÜTER']) expect(foldForSearch(foldForSearch(text))).toBe(foldForSearch(text));
  });
});

describe('ftsMatchOf', () => {
  it('quotes every folded word as a prefix term and ANDs them', () => {
    expect(ftsMatchOf('Şək  RİYAZİ')).toBe('"sek"* "riyazi"*');
  });

  it('turns FTS syntax typed by a user into plain words', () => {
    expect(ftsMatchOf('"a" OR b* NEAR(c) -d ^e :f')).toBe('"a"* "or"* "b"* "near"* "c"* "d"* "e"* "f"*');
    expect(ftsMatchOf('"')).toBeNull();
  });

  it('returns null when there is no word to search for', () => {
    expect(ftsMatchOf('   ')).toBeNull();
    expect(ftsMatchOf('%_*')).toBeNull();
    expect(searchTokens('')).toEqual([]);
  });

  it('keeps at most 8 words so a pasted paragraph stays a cheap query', () => {
    expect(searchTokens('a b c d e f g h i j').length).toBe(10);
    expect(ftsMatchOf('a b c d e f g h i j')?.split(' ').length).toBe(8);
  });
});
