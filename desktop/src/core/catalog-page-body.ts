import { CATALOG_PAGE_HEAD } from '@sinif/shared';

const NEWLINE = 0x0a;

/**
 * A catalog page's body as JSON, or undefined when it is not JSON (reported
 * as an unexpected response by the schema check that follows).
 *
 * The server writes one change per line (CATALOG_PAGE_HEAD), and each line is
 * decoded and parsed on its own. Why: a first sync's page is ~700 KB of
 * mostly Cyrillic, Armenian and Azerbaijani text. Decoded whole it is one
 * 1.4 MB UTF-16 string, which V8 puts in its large-object space, on pages
 * fresh from the OS: their faults made decoding a page cost ~3.3 ms. Its
 * lines are small strings in the young generation and decode in a tenth of
 * that; with the parsing, a page costs ~2–2.5 ms instead of ~5 (measured on
 * 1,000 bench lessons), ~0.25 s of a 100k-lesson first sync.
 *
 * The result is exactly what JSON.parse of the whole body gives: the lines
 * are accepted only in the layout whose concatenation is that JSON (every
 * change but the last ends in a comma); a body in any other layout (an older
 * server, a proxy that re-encoded it) or with a line that does not parse is
 * parsed whole.
 */
export function parseCatalogPageBody(chunks: readonly Uint8Array[]): unknown {
  const lines = splitLines(chunks);
  const tail = lines.at(-1) ?? '';
  // The last line is `],` and the page's other members (`],}` is not JSON).
  if (lines[0] === CATALOG_PAGE_HEAD && /^\],(?!\s*\})/.test(tail)) {
    try {
      return { changes: parseChanges(lines.slice(1, -1)), ...(JSON.parse(`{${tail.slice(2)}`) as object) };
    } catch {
      // Not the layout after all: the whole body decides.
    }
  }
  try {
    // The same text as the whole body decoded at once (a newline byte is
    // never part of a multi-byte character), without decoding it again.
    return JSON.parse(lines.join('\n'));
  } catch {
    return undefined;
  }
}

/** The changes' lines, each a JSON value followed by a comma, the last without. */
function parseChanges(lines: readonly string[]): unknown[] {
  const values = lines.filter((line) => line !== '');
  return values.map((line, i) => {
    const last = i === values.length - 1;
    if (line.endsWith(',') === last) throw new SyntaxError('not one change per line');
    return JSON.parse(last ? line : line.slice(0, -1));
  });
}

/** The body's lines, decoded one by one (a line may span chunks). */
function splitLines(chunks: readonly Uint8Array[]): string[] {
  const lines: string[] = [];
  let pieces: Buffer[] = [];
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let end = bytes.indexOf(NEWLINE, from); end >= 0; end = bytes.indexOf(NEWLINE, from)) {
      if (pieces.length > 0) {
        pieces.push(bytes.subarray(from, end));
        lines.push(Buffer.concat(pieces).toString('utf8'));
        pieces = [];
      } else {
        lines.push(bytes.toString('utf8', from, end));
      }
      from = end + 1;
    }
    if (from < bytes.length) pieces.push(bytes.subarray(from));
  }
  lines.push(Buffer.concat(pieces).toString('utf8'));
  return lines;
}
