/** Builds lesson-package zips for tests with yazl, including deliberately broken ones. */
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import type { LessonPackageManifest } from '@sinif/shared';
import { unique } from './identity-fixture.ts';

export const sha256Of = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

export async function zipOf(files: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { mtime: new Date(0) });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * yazl refuses unsafe names, so the zip is built with a same-length safe name
 * and the bytes are renamed afterwards (local header and central directory).
 */
export function renameEntry(zip: Buffer, safeName: string, unsafeName: string): Buffer {
  if (safeName.length !== unsafeName.length) throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  const from = Buffer.from(safeName);
  for (let at = out.indexOf(from); at !== -1; at = out.indexOf(from, at + 1)) Buffer.from(unsafeName).copy(out, at);
  return out;
}

export interface PackageLessonInput {
  id?: string;
  title?: string;
  grade?: number;
  language?: 'az' | 'hy' | 'ru' | 'en';
  page?: string;
}

/** A valid package: one HTML page per lesson, under lessons/<id>.html. */
export function packageFiles(lessons: PackageLessonInput[]): { manifest: LessonPackageManifest; files: Record<string, string> } {
  const files: Record<string, string> = {};
  const manifest: LessonPackageManifest = {
    lessons: lessons.map((input) => {
      const id = input.id ?? unique('pkg-lesson-');
      const file = `lessons/${id}.html`;
      files[file] = input.page ?? `<h1>${input.title ?? id}</h1>`;
      return {
        id,
        title: input.title ?? `Dərs ${id}`,
        description: 'Paketdən gələn dərs.',
        subject: 'İnformatika',
        grade: input.grade ?? 5,
        language: input.language ?? 'az',
        resources: [{ id: 'page', name: 'Dərs', file, mediaType: 'text/html; charset=utf-8' }],
      };
    }),
  };
  return { manifest, files };
}

export async function lessonPackage(lessons: PackageLessonInput[]): Promise<{ zip: Buffer; manifest: LessonPackageManifest }> {
  const { manifest, files } = packageFiles(lessons);
  return { zip: await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files }), manifest };
}
