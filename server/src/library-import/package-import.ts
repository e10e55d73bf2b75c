/**
 * Importing a lesson package (zip: manifest.json + files) into a channel.
 * All or nothing for the catalog: every check runs first and every problem is
 * reported together; only a package without problems reaches the catalog,
 * in one transaction with its audit row.
 *
 * Content blobs: the files are streamed into the content store (through the
 * hash) before that transaction. When a later file fails (sha256 mismatch,
 * damaged data), blobs already stored are LEFT in place: they are named by
 * their hash and unreferenced by any lesson, so harmless; deleting them could
 * race a concurrent import that found the same bytes already present.
 */
import type { Kysely } from 'kysely';
import type { LessonPackageManifest, LessonResource, PackageImportReport, PackageProblem } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';
import type { ContentStore } from '../content/content-store.ts';
import { ContentHashMismatchError, ContentTooLargeError, storeStream } from '../content/content-upload.ts';
import { writeLessons } from '../catalog/catalog-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { defaultPackageLimits, type PackageLimits } from './package-limits.ts';
import { openPackage, readContents, readEntryText, type ZipContents } from './zip-entries.ts';
import { checkManifest, parseManifest, type PlannedFile } from './package-manifest.ts';

export class UnknownChannelError extends Error {
  readonly code = 'CHANNEL_UNKNOWN';
  constructor(channelId: string) {
    super(`No channel ${channelId}.`);
    this.name = 'UnknownChannelError';
  }
}

export interface ImportActor {
  userId: string | null;
  ip: string | null;
  /** How the import arrived, for the audit log. */
  via: 'api' | 'cli';
}

export type PackageOutcome = { ok: true; report: PackageImportReport } | { ok: false; problems: PackageProblem[] };

const MANIFEST = 'manifest.json';

async function readManifest(contents: ZipContents, limits: PackageLimits): Promise<{ ok: true; value: unknown } | { ok: false; problem: PackageProblem }> {
  const entry = contents.files.get(MANIFEST);
  if (!entry) return { ok: false, problem: { kind: 'manifestMissing', path: MANIFEST, message: 'The package has no manifest.json at its root.' } };
  if (entry.uncompressedSize > limits.maxManifestBytes) {
    return { ok: false, problem: { kind: 'tooLarge', path: MANIFEST, message: `manifest.json is larger than ${limits.maxManifestBytes} bytes.` } };
  }
  return parseManifest(await readEntryText(contents.zip, entry));
}

interface StoredFiles {
  hashes: Map<string, { sha256: string; size: number }>;
  bytes: number;
  newBlobs: number;
  problems: PackageProblem[];
}

async function storeFiles(contents: ZipContents, content: ContentStore, files: Map<string, PlannedFile>): Promise<StoredFiles> {
  const stored: StoredFiles = { hashes: new Map(), bytes: 0, newBlobs: 0, problems: [] };
  for (const file of files.values()) {
    const declared = file.declared[0];
    try {
      const source = await contents.zip.openReadStreamPromise(file.entry);
      const blob = await storeStream(content, source, { maxBytes: file.maxBytes, expectedSha256: declared?.sha256 });
      for (const other of file.declared.slice(1)) {
        if (other.sha256 !== blob.sha256) stored.problems.push({ kind: 'hashMismatch', path: other.pointer, message: `${file.name} hashes to ${blob.sha256}, not ${other.sha256}.` });
      }
      stored.hashes.set(file.name, { sha256: blob.sha256, size: blob.size });
      stored.bytes += blob.size;
      if (blob.created) stored.newBlobs += 1;
    } catch (error) {
      if (error instanceof ContentHashMismatchError) stored.problems.push({ kind: 'hashMismatch', path: declared?.pointer ?? file.name, message: error.message });
      else if (error instanceof ContentTooLargeError) stored.problems.push({ kind: 'fileTooLarge', path: file.name, message: error.message });
      else stored.problems.push({ kind: 'notAZip', path: file.name, message: `The entry's data is damaged: ${(error as Error).message}` });
    }
  }
  return stored;
}

function lessonsOf(manifest: LessonPackageManifest, content: ContentStore, hashes: StoredFiles['hashes']) {
  return manifest.lessons.map((lesson) => ({
    ...lesson,
    resources: lesson.resources.map((r): LessonResource => {
      const blob = r.file !== undefined ? hashes.get(r.file) : undefined;
      const sha256 = blob?.sha256 ?? (r.sha256 as string);
      return { id: r.id, name: r.name, mediaType: r.mediaType, sha256, size: blob?.size ?? content.sizeOf(sha256) };
    }),
  }));
}

async function auditRejection(db: Kysely<StoreSchema>, channelId: string, actor: ImportActor, problems: PackageProblem[]): Promise<void> {
  await recordAudit(db, {
    actorUserId: actor.userId,
    schoolId: null,
    action: 'library.importRejected',
    target: channelId,
    detail: { via: actor.via, problems: problems.length, first: problems.slice(0, 5) },
    ip: actor.ip,
  });
}

export async function importPackage(
  db: StoreDb,
  content: ContentStore,
  zipPath: string,
  opts: { channelId: string; actor: ImportActor; limits?: PackageLimits },
): Promise<PackageOutcome> {
  const limits = opts.limits ?? defaultPackageLimits;
  const channel = await db.selectFrom('channels').select('id').where('id', '=', opts.channelId).executeTakeFirst();
  if (!channel) throw new UnknownChannelError(opts.channelId);

  const reject = async (problems: PackageProblem[]): Promise<PackageOutcome> => {
    await auditRejection(db, opts.channelId, opts.actor, problems);
    return { ok: false, problems };
  };
  const zip = await openPackage(zipPath);
  if ('kind' in zip) return reject([zip]);
  try {
    const contents = await readContents(zip, limits);
    if (contents.problems.some((p) => p.kind === 'tooManyEntries' || p.kind === 'notAZip')) return reject(contents.problems);
    const manifest = await readManifest(contents, limits);
    if (!manifest.ok) return reject([...contents.problems, manifest.problem]);
    const checked = checkManifest(manifest.value, contents.files, content, limits.media);
    const problems = [...contents.problems, ...(checked.ok ? [] : checked.problems)];
    if (!checked.ok || problems.length > 0) return reject(problems);

    const stored = await storeFiles(contents, content, checked.files);
    if (stored.problems.length > 0) return reject(stored.problems);

    const lessons = lessonsOf(checked.manifest, content, stored.hashes);
    await db.transaction().execute(async (trx) => {
      await writeLessons(trx, lessons, { channelId: opts.channelId });
      await recordAudit(trx, {
        actorUserId: opts.actor.userId,
        schoolId: null,
        action: 'library.import',
        target: opts.channelId,
        detail: { via: opts.actor.via, lessons: lessons.length, files: stored.hashes.size, bytes: stored.bytes, newBlobs: stored.newBlobs },
        ip: opts.actor.ip,
      });
    });
    return {
      ok: true,
      report: { channelId: opts.channelId, lessonIds: lessons.map((l) => l.id), files: stored.hashes.size, bytes: stored.bytes, newBlobs: stored.newBlobs },
    };
  } finally {
    zip.close();
  }
}
