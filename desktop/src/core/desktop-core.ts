import { HostErrorCode, type AppInfo, type HostArgs, type HostResult, type Seat, type SyncStatus, type UserSummary } from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';
import type { HostService } from '../host/host-service.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { openCacheDb, type CacheDb } from './cache/database.ts';
import { EnrolmentStore, type Enrolment } from './cache/enrolment-store.ts';
import { LessonStore } from './cache/lesson-store.ts';
import { LibrarySync } from './library-sync.ts';
import { ServerClient, type ServerAuth } from './server-client.ts';

export interface DesktopCoreOptions {
  cacheDir: string;
  appVersion: string;
  /** Prefix of resource URLs given to the renderer; the host serves `<prefix><sha256>`. */
  blobUrlPrefix: string;
  /** Server to show before the PC is enrolled (an enrolled PC uses its own). */
  defaultServerUrl?: string;
  requestTimeoutMs?: number;
  catalogPageSize?: number;
  downloadConcurrency?: number;
  logError?: (message: string, error: unknown) => void;
}

/** A verified blob file plus the media type its lesson declared. */
export interface ServableBlob {
  path: string;
  size: number;
  mediaType?: string;
}

/**
 * The desktop app's Node-side services behind the host contract. State lives
 * in the cache, so a new DesktopCore on the same cacheDir continues where the
 * last one stopped, with or without the server.
 */
export class DesktopCore implements HostService {
  readonly #options: DesktopCoreOptions;
  readonly #db: CacheDb;
  readonly #enrolment: EnrolmentStore;
  readonly #lessons: LessonStore;
  readonly #blobs: BlobStore;
  readonly #client: ServerClient;
  readonly #sync: LibrarySync;
  #online = true;

  private constructor(options: DesktopCoreOptions, db: CacheDb) {
    const logError = options.logError ?? ((message, error) => console.error(message, error));
    this.#options = options;
    this.#db = db;
    this.#enrolment = new EnrolmentStore(db);
    this.#lessons = new LessonStore(db);
    this.#blobs = new BlobStore(db, options.cacheDir);
    this.#client = new ServerClient({
      timeoutMs: options.requestTimeoutMs,
      onReachability: (online) => {
        this.#online = online;
      },
      onSessionLost: () => this.#enrolment.clearSession(),
    });
    this.#sync = new LibrarySync(
      { db, client: this.#client, lessons: this.#lessons, blobs: this.#blobs },
      { catalogPageSize: options.catalogPageSize ?? 200, downloadConcurrency: options.downloadConcurrency ?? 3 },
      logError,
    );
  }

  static async open(options: DesktopCoreOptions): Promise<DesktopCore> {
    return new DesktopCore(options, await openCacheDb(options.cacheDir));
  }

  async close(): Promise<void> {
    await this.#sync.settled();
    await this.#db.destroy();
  }

  /** Resolves when the background library sync (if any) has finished. */
  async syncSettled(): Promise<void> {
    await this.#sync.settled();
  }

  async verifiedBlob(sha256: string): Promise<ServableBlob | null> {
    const blob = await this.#blobs.verifiedBlob(sha256);
    if (!blob) return null;
    const mediaType = await this.#lessons.mediaTypeOf(sha256);
    return mediaType === undefined ? blob : { ...blob, mediaType };
  }

  async 'app.info'(_args: HostArgs<'app.info'> = {}): Promise<AppInfo> {
    const enrolment = await this.#enrolment.enrolment();
    const session = await this.#enrolment.session();
    return {
      appVersion: this.#options.appVersion,
      serverUrl: enrolment?.serverUrl ?? this.#options.defaultServerUrl ?? null,
      seat: enrolment?.seat ?? null,
      user: session?.user ?? null,
      online: this.#online,
      sync: await this.#sync.status(),
    };
  }

  async 'device.enrol'(args: HostArgs<'device.enrol'>): Promise<Seat> {
    const response = await this.#client.enrol(args.serverUrl, {
      code: args.code,
      seatName: args.seatName,
      os: process.platform,
      appVersion: this.#options.appVersion,
    });
    await this.#enrolment.saveEnrolment({ serverUrl: args.serverUrl, deviceToken: response.deviceToken, seat: response.seat });
    return response.seat;
  }

  async 'session.signIn'(args: HostArgs<'session.signIn'>): Promise<UserSummary> {
    const enrolment = await this.#requireEnrolment();
    const response = await this.#client.signIn(enrolment.serverUrl, enrolment.deviceToken, args);
    await this.#enrolment.saveSession({ token: response.token, expiresAt: response.expiresAt, user: response.user });
    return response.user;
  }

  async 'session.signOut'(_args: HostArgs<'session.signOut'> = {}): Promise<HostResult<'session.signOut'>> {
    const auth = await this.#authOrNull();
    await this.#enrolment.clearSession();
    // Signing out must work offline; the server session then simply expires.
    if (auth) await this.#client.signOut(auth).catch(() => {});
    return {};
  }

  async 'library.sync'(_args: HostArgs<'library.sync'> = {}): Promise<SyncStatus> {
    await this.#requireEnrolment();
    const auth = await this.#authOrNull();
    if (!auth) throw new HostFailure(HostErrorCode.notSignedIn, 'Sign in to sync the library.');
    return this.#sync.start(auth);
  }

  async 'library.status'(_args: HostArgs<'library.status'> = {}): Promise<SyncStatus> {
    return this.#sync.status();
  }

  async 'library.list'(args: HostArgs<'library.list'>): Promise<HostResult<'library.list'>> {
    return this.#lessons.list(args.search);
  }

  async 'library.openLesson'(args: HostArgs<'library.openLesson'>): Promise<HostResult<'library.openLesson'>> {
    const lesson = await this.#lessons.lesson(args.lessonId);
    if (!lesson) throw new HostFailure(HostErrorCode.lessonNotFound, 'This lesson is not in the library.');
    const blobs = await Promise.all(lesson.resources.map((r) => this.#blobs.verifiedBlob(r.sha256)));
    if (blobs.some((b) => b === null)) {
      throw new HostFailure(HostErrorCode.lessonNotOffline, 'This lesson is not downloaded yet. Sync the library while online.');
    }
    await this.#blobs.touch(lesson.resources.map((r) => r.sha256));
    return {
      lesson,
      resources: lesson.resources.map((r) => ({ ...r, url: `${this.#options.blobUrlPrefix}${r.sha256}` })),
    };
  }

  async #requireEnrolment(): Promise<Enrolment> {
    const enrolment = await this.#enrolment.enrolment();
    if (!enrolment) throw new HostFailure(HostErrorCode.notEnrolled, 'This computer is not enrolled yet.');
    return enrolment;
  }

  async #authOrNull(): Promise<ServerAuth | null> {
    const enrolment = await this.#enrolment.enrolment();
    const session = await this.#enrolment.session();
    if (!enrolment || !session) return null;
    return { serverUrl: enrolment.serverUrl, deviceToken: enrolment.deviceToken, token: session.token };
  }
}
