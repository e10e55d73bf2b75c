/**
 * Importing a lesson package (zip: manifest.json + files) into a channel.
 * All or nothing for the catalog: every check runs first and every problem is
 * reported together; only a package without problems reaches the catalog,
 * in one transaction with its audit row.
 *
 * Content blobs: all or nothing too (package-files.ts). The files are
 * spooled to content/.incoming through the hash and named into the store only
 * when every one of them is good, just before that transaction; a rejected
 * package adds no file to content/. If the transaction itself fails (the
 * store refuses the write), the blobs this import added stay: another import
 * of the same bytes (the CLI runs beside the server, in another process) may
 * already count on them, and removing them could leave its lessons without a
 * file. A store failure is rare; an unreferenced blob costs only disk.
 */
import type { Kysely } from 'kysely';
import type { LessonPackageManifest, LessonResource, PackageImportReport, PackageProblem } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';
import type { ContentStore } from '../content/content-store.ts';
import { writeLessons } from '../catalog/catalog-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { defaultPackageLimits, type PackageLimits } from './package-limits.ts';
import { openPackage, readContents, readEntryText, type ZipContents } from './zip-entries.ts';
import { checkManifest, parseManifest } from './package-manifest.ts';
import { adoptPackageFiles, discardSpooled, spoolPackageFiles, type SpooledPackage } from './package-files.ts';

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

function lessonsOf(manifest: LessonPackageManifest, content: ContentStore, files: SpooledPackage['files']) {
  return manifest.lessons.map((lesson) => ({
    ...lesson,
    resources: lesson.resources.map((r): LessonResource => {
      const blob = r.file !== undefined ? files.get(r.file) : undefined;
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

    const spooled = await spoolPackageFiles(contents, content, checked.files);
    try {
      if (spooled.problems.length > 0) return reject(spooled.problems);
      const lessons = lessonsOf(checked.manifest, content, spooled.files);
      const created: string[] = [];
      const report = { channelId: opts.channelId, lessonIds: lessons.map((l) => l.id), files: spooled.files.size, bytes: spooled.bytes, newBlobs: 0 };
      adoptPackageFiles(content, spooled, created);
      report.newBlobs = created.length;
      await db.transaction().execute(async (trx) => {
        await writeLessons(trx, lessons, { channelId: opts.channelId });
        await recordAudit(trx, {
          actorUserId: opts.actor.userId,
          schoolId: null,
          action: 'library.import',
          target: opts.channelId,
          detail: { via: opts.actor.via, lessons: lessons.length, files: report.files, bytes: report.bytes, newBlobs: report.newBlobs },
          ip: opts.actor.ip,
        });
      });
      return { ok: true, report };
    } finally {
      discardSpooled(spooled);
    }
  } finally {
    zip.close();
  }
}
