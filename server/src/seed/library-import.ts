/**
 * Imports a lesson library folder (manifest.json + files) into the catalog:
 * each file goes into the content store by sha256, each lesson through the
 * same catalog writer every other import uses, so it gets a feed seq.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { LessonPackageManifest, checker } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { ContentStore } from '../content/content-store.ts';
import { upsertLesson } from '../catalog/catalog-writer.ts';

export class LibraryManifestError extends Error {
  readonly code = 'LIBRARY_MANIFEST_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'LibraryManifestError';
  }
}

// The library folder's manifest.json has the lesson-package format (shared/src/rest/library.ts).
const manifestChecker = checker(LessonPackageManifest);

export async function importLibrary(db: StoreDb, content: ContentStore, libraryDir: string): Promise<number> {
  const root = resolve(libraryDir);
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  if (!manifestChecker.check(manifest)) {
    throw new LibraryManifestError(`${root}/manifest.json: ${manifestChecker.problems(manifest).join('; ')}`);
  }
  for (const lesson of manifest.lessons) {
    const resources = lesson.resources.map((r) => {
      // A folder library carries every file itself (only packages may name content uploaded earlier).
      if (r.file === undefined) throw new LibraryManifestError(`${root}/manifest.json: resource ${r.id} names no file`);
      const file = resolve(root, r.file);
      if (!file.startsWith(root + sep)) throw new LibraryManifestError(`${r.file} lies outside ${root}`);
      const blob = content.put(readFileSync(file));
      return { id: r.id, name: r.name, mediaType: r.mediaType, size: blob.size, sha256: blob.sha256 };
    });
    await upsertLesson(db, { ...lesson, resources });
  }
  return manifest.lessons.length;
}
