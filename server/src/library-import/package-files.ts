/**
 * The files of a lesson package on their way into the content store. Every
 * file is first spooled to `content/.incoming` through the hash; only when
 * all of them are good are they named by their hash (adopted), so a rejected
 * package never adds a file to the store (see package-import.ts for why a
 * failed catalog write afterwards leaves them).
 */
import { rmSync } from 'node:fs';
import type { PackageProblem } from '@sinif/shared';
import type { ContentStore } from '../content/content-store.ts';
import { ContentTooLargeError, adoptSpooledFile, spoolToTempFile, type SpooledFile } from '../content/content-upload.ts';
import type { ZipContents } from './zip-entries.ts';
import type { PlannedFile } from './package-manifest.ts';

export interface SpooledPackage {
  /** Zip entry name → its spooled file. */
  files: Map<string, SpooledFile>;
  bytes: number;
  problems: PackageProblem[];
}

/** Spools every planned file, checking declared hashes; collects every problem instead of stopping at the first. */
export async function spoolPackageFiles(contents: ZipContents, content: ContentStore, plan: Map<string, PlannedFile>): Promise<SpooledPackage> {
  const spooled: SpooledPackage = { files: new Map(), bytes: 0, problems: [] };
  for (const file of plan.values()) {
    try {
      const source = await contents.zip.openReadStreamPromise(file.entry);
      const blob = await spoolToTempFile(content, source, file.maxBytes);
      spooled.files.set(file.name, blob);
      spooled.bytes += blob.size;
      for (const declared of file.declared) {
        if (declared.sha256 !== blob.sha256) {
          spooled.problems.push({ kind: 'hashMismatch', path: declared.pointer, message: `${file.name} hashes to ${blob.sha256}, not ${declared.sha256}.` });
        }
      }
    } catch (error) {
      if (error instanceof ContentTooLargeError) spooled.problems.push({ kind: 'fileTooLarge', path: file.name, message: error.message });
      else spooled.problems.push({ kind: 'notAZip', path: file.name, message: `The entry's data is damaged: ${(error as Error).message}` });
    }
  }
  return spooled;
}

/** Names every spooled file by its hash; adds to `created` (as it goes, so a failure half-way still knows) the blobs the store did not hold. */
export function adoptPackageFiles(content: ContentStore, spooled: SpooledPackage, created: string[]): void {
  for (const file of spooled.files.values()) {
    if (adoptSpooledFile(content, file).created) created.push(file.sha256);
  }
}

/** Removes spooled files not adopted (after a rejection, or an error half-way); adopted ones are gone from .incoming already. */
export function discardSpooled(spooled: SpooledPackage): void {
  for (const file of spooled.files.values()) rmSync(file.path, { force: true });
}
