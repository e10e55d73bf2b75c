import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/people/csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and ignores a UTF-8 BOM and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n\r\nc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, numbering rows by their first line', () => {
    const text = 'name,note\n"Məmmədova, Aygün","says ""salam"""\n"two\nlines",x\nlast,"ends"';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Məmmədova, Aygün', 'says "salam"'] },
      { line: 3, fields: ['two\nlines', 'x'] },
      { line: 5, fields: ['last', 'ends'] },
    ]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(parseCsv('a,,""\n')).toEqual([{ line: 1, fields: ['a', '', ''] }]);
  });

  it('refuses an unclosed quote and a quote in the middle of a field, naming the line', () => {
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nab"c,d')).toThrow(/line 2/);
    expect(() => parseCsv('"a"b,c')).toThrow(/closing quote/);
  });
});
