/**
 * Reading a package's table of contents with yauzl, collecting every problem
 * instead of stopping at the first: too many entries, too large in total,
 * unsafe names (`../x`, `/etc/x`, `C:\x`), duplicates. Names are decoded and
 * validated here (yauzl would throw on the first bad name and hide the rest).
 * Sizes read here are trusted later because yauzl checks each entry's real
 * inflated size against them while streaming (validateEntrySizes).
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PackageProblem } from '@sinif/shared';
import type { PackageLimits } from './package-limits.ts';

export interface ZipContents {
  zip: ZipFile;
  /** File entries by name (folders left out). */
  files: Map<string, Entry>;
  problems: PackageProblem[];
}

export async function openPackage(path: string): Promise<ZipFile | PackageProblem> {
  try {
    return await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    return { kind: 'notAZip', path: '', message: `The package is not a readable zip file: ${(error as Error).message}` };
  }
}

function entryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, false);
}

export async function readContents(zip: ZipFile, limits: PackageLimits): Promise<ZipContents> {
  const files = new Map<string, Entry>();
  const problems: PackageProblem[] = [];
  if (zip.entryCount > limits.maxEntries) {
    problems.push({ kind: 'tooManyEntries', path: '', message: `The package has ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed.` });
    return { zip, files, problems };
  }
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      const unsafe = yauzl.validateFileName(name);
      if (unsafe !== null) {
        problems.push({ kind: 'unsafePath', path: name, message: `Unsafe entry name: ${unsafe}.` });
        continue;
      }
      total += entry.uncompressedSize;
      if (name.endsWith('/')) continue;
      if (files.has(name)) problems.push({ kind: 'duplicateEntry', path: name, message: 'The package holds two entries with this name.' });
      files.set(name, entry);
    }
  } catch (error) {
    problems.push({ kind: 'notAZip', path: '', message: `The zip's table of contents is damaged: ${(error as Error).message}` });
  }
  if (total > limits.maxTotalUncompressedBytes) {
    problems.push({
      kind: 'tooLarge',
      path: '',
      message: `The package unpacks to ${total} bytes; at most ${limits.maxTotalUncompressedBytes} are allowed.`,
    });
  }
  return { zip, files, problems };
}

/** Reads a small entry (the manifest) whole; its size was checked against the limit before. */
export async function readEntryText(zip: ZipFile, entry: Entry): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
