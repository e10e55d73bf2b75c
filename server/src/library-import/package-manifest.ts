/**
 * Checking a package's manifest.json against its zip, before a byte of
 * content is stored: the schema (every field problem, with its JSON pointer),
 * duplicate ids, and for each resource its file (present, safe name, allowed
 * media type, within that type's size limit) or its sha256 (already in the
 * content store). The result is either problems or a plan of files to store.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import yauzl, { type Entry } from 'yauzl';
import { Compile } from 'typebox/compile';
import { LessonPackageManifest, type PackageProblem } from '@sinif/shared';
import type { ContentStore } from '../content/content-store.ts';
import { mediaLimit, type MediaLimits } from '../content/media-policy.ts';

const manifestValidator = Compile(LessonPackageManifest);
const MAX_SCHEMA_PROBLEMS = 200;

/** One zip entry to store, and the manifest pointers that reference it. */
export interface PlannedFile {
  entry: Entry;
  name: string;
  maxBytes: number;
  /** Declared hashes, by pointer of the resource that declared it. */
  declared: { pointer: string; sha256: string }[];
}

export type ManifestCheck =
  | { ok: true; manifest: LessonPackageManifest; files: Map<string, PlannedFile> }
  | { ok: false; problems: PackageProblem[] };

type Loose = Record<string, unknown>;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Loose => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {});

export function parseManifest(text: string): { ok: true; value: unknown } | { ok: false; problem: PackageProblem } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: { kind: 'manifestInvalid', path: '/', message: `manifest.json is not valid JSON: ${(error as Error).message}` } };
  }
}

function schemaProblems(value: unknown): PackageProblem[] {
  if (manifestValidator.Check(value)) return [];
  return manifestValidator
    .Errors(value)
    .slice(0, MAX_SCHEMA_PROBLEMS)
    .map((e) => ({ kind: 'manifestInvalid' as const, path: e.instancePath || '/', message: e.message }));
}

/** The checks the schema cannot make; run on the loose value so a bad field elsewhere hides nothing. */
function crossProblems(value: unknown, files: Map<string, Entry>, content: ContentStore, media: MediaLimits, plan: Map<string, PlannedFile>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const lessonIds = new Set<string>();
  for (const [i, lessonValue] of asArray(asObject(value)['lessons']).entries()) {
    const lesson = asObject(lessonValue);
    const at = `/lessons/${i}`;
    if (typeof lesson['id'] === 'string') {
      if (lessonIds.has(lesson['id'])) problems.push({ kind: 'duplicateId', path: `${at}/id`, message: `Lesson id ${lesson['id']} appears twice.` });
      lessonIds.add(lesson['id']);
    }
    const resourceIds = new Set<string>();
    for (const [j, resourceValue] of asArray(lesson['resources']).entries()) {
      const resource = asObject(resourceValue);
      const rat = `${at}/resources/${j}`;
      if (typeof resource['id'] === 'string') {
        if (resourceIds.has(resource['id'])) problems.push({ kind: 'duplicateId', path: `${rat}/id`, message: `Resource id ${resource['id']} appears twice in this lesson.` });
        resourceIds.add(resource['id']);
      }
      const mediaType = typeof resource['mediaType'] === 'string' ? resource['mediaType'] : undefined;
      const limit = mediaType === undefined ? undefined : mediaLimit(mediaType, media);
      if (mediaType !== undefined && limit === undefined) {
        problems.push({ kind: 'mediaTypeNotAllowed', path: `${rat}/mediaType`, message: `Media type ${mediaType} is not allowed in the library.` });
      }
      const file = typeof resource['file'] === 'string' ? resource['file'] : undefined;
      const sha256 = typeof resource['sha256'] === 'string' ? resource['sha256'] : undefined;
      if (file === undefined && sha256 === undefined) {
        problems.push({ kind: 'manifestInvalid', path: rat, message: 'A resource names a file in the package or the sha256 of uploaded content.' });
      } else if (file !== undefined) {
        const unsafe = yauzl.validateFileName(file);
        const entry = files.get(file);
        if (unsafe !== null) problems.push({ kind: 'unsafePath', path: `${rat}/file`, message: `Unsafe file name: ${unsafe}.` });
        else if (!entry) problems.push({ kind: 'fileMissing', path: `${rat}/file`, message: `${file} is not in the package.` });
        else if (limit !== undefined && entry.uncompressedSize > limit) {
          problems.push({ kind: 'fileTooLarge', path: `${rat}/file`, message: `${file} is ${entry.uncompressedSize} bytes; ${mediaType} files may be at most ${limit}.` });
        } else if (limit !== undefined) {
          const planned = plan.get(file) ?? { entry, name: file, maxBytes: limit, declared: [] };
          planned.maxBytes = Math.min(planned.maxBytes, limit);
          if (sha256 !== undefined) planned.declared.push({ pointer: `${rat}/sha256`, sha256 });
          plan.set(file, planned);
        }
      } else if (sha256 !== undefined && /^[0-9a-f]{64}$/.test(sha256)) {
        if (!content.has(sha256)) {
          problems.push({ kind: 'fileMissing', path: `${rat}/sha256`, message: `No file given and the content store holds no ${sha256}.` });
        } else if (limit !== undefined) {
          const size = statSync(join(content.root, content.relativePath(sha256))).size;
          if (size > limit) problems.push({ kind: 'fileTooLarge', path: `${rat}/sha256`, message: `${sha256} is ${size} bytes; ${mediaType} files may be at most ${limit}.` });
        }
      }
    }
  }
  return problems;
}

export function checkManifest(value: unknown, files: Map<string, Entry>, content: ContentStore, media: MediaLimits): ManifestCheck {
  const plan = new Map<string, PlannedFile>();
  const problems = [...schemaProblems(value), ...crossProblems(value, files, content, media, plan)];
  if (problems.length > 0 || !manifestValidator.Check(value)) return { ok: false, problems };
  return { ok: true, manifest: value, files: plan };
}
