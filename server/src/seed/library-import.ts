/**
 * Imports a lesson library folder (manifest.json + files) into the catalog:
 * each file goes into the content store by sha256, each lesson through the
 * same catalog writer every other import uses, so it gets a feed seq.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { Type, type Static } from 'typebox';
import { LanguageCode, checker } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { ContentStore } from '../content/content-store.ts';
import { upsertLesson } from '../catalog/catalog-writer.ts';

const ManifestResource = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    file: Type.String({ minLength: 1 }),
    mediaType: Type.String({ minLength: 3, maxLength: 100 }),
  },
  { additionalProperties: false },
);
const LibraryManifest = Type.Object(
  {
    lessons: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 64 }),
          title: Type.String({ minLength: 1, maxLength: 300 }),
          description: Type.String({ maxLength: 4000 }),
          subject: Type.String({ minLength: 1, maxLength: 100 }),
          grade: Type.Integer({ minimum: 1, maximum: 12 }),
          language: LanguageCode,
          resources: Type.Array(ManifestResource),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type LibraryManifest = Static<typeof LibraryManifest>;

export class LibraryManifestError extends Error {
  readonly code = 'LIBRARY_MANIFEST_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'LibraryManifestError';
  }
}

const manifestChecker = checker(LibraryManifest);

export async function importLibrary(db: StoreDb, content: ContentStore, libraryDir: string): Promise<number> {
  const root = resolve(libraryDir);
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  if (!manifestChecker.check(manifest)) {
    throw new LibraryManifestError(`${root}/manifest.json: ${manifestChecker.problems(manifest).join('; ')}`);
  }
  for (const lesson of manifest.lessons) {
    const resources = lesson.resources.map((r) => {
      const file = resolve(root, r.file);
      if (!file.startsWith(root + sep)) throw new LibraryManifestError(`${r.file} lies outside ${root}`);
      const blob = content.put(readFileSync(file));
      return { id: r.id, name: r.name, mediaType: r.mediaType, size: blob.size, sha256: blob.sha256 };
    });
    await upsertLesson(db, { ...lesson, resources });
  }
  return manifest.lessons.length;
}
