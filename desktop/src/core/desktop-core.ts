import {
  CATALOG_PAGE_MAX,
  ErrorCode,
  HostErrorCode,
  type AppInfo,
  type HostArgs,
  type HostError,
  type HostResult,
  type Seat,
  type SyncStatus,
  type UserSummary,
} from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';
import type { HostService } from '../host/host-service.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { DownloadThrottle } from './blobs/download-throttle.ts';
import { sweepStaleParts } from './blobs/part-sweep.ts';
import { sweepBlobFiles } from './blobs/blob-sweep.ts';
import { openCacheDb, type CacheDb } from './cache/database.ts';
import type { Enrolment } from './cache/enrolment-store.ts';
import { CredentialSeal } from './credentials/credential-seal.ts';
import { CredentialStore } from './credentials/credential-store.ts';
import { LessonStore } from './cache/lesson-store.ts';
import { CoreClosing } from './core-closing.ts';
import { InventoryReport, osDescription } from './inventory-report.ts';
import { LibrarySync } from './library-sync.ts';
import { LibraryBrowser } from './library/library-browser.ts';
import { sharedBlobFetch } from './library/shared-blob-fetch.ts';
import { cachedLessons } from './lab/cached-lessons.ts';
import { LabLink } from './lab/lab-link.ts';
import type { EnforcementListener } from './lab/seat-enforcement.ts';
import { OrganisationAdmin } from './organisation-admin.ts';
import { LabPeering, type LabPeerOptions } from './peers/lab-peering.ts';
import { SchoolAdmin, type AdminAuth } from './school-admin.ts';
import { ServerClient, type ServerAuth } from './server-client.ts';
import { SessionLink, type SessionEnd } from './session-link.ts';
import { StorageSettings } from './storage-settings.ts';

export interface DesktopCoreOptions {
  cacheDir: string;
  appVersion: string;
  /** Prefix of resource URLs given to the renderer; the host serves `<prefix><sha256>`. */
  blobUrlPrefix: string;
  /** Server to show before the PC is enrolled (an enrolled PC uses its own). */
  defaultServerUrl?: string;
  requestTimeoutMs?: number;
  /** Catalog changes per request (default CATALOG_PAGE_MAX: fewer round trips and transactions). */
  catalogPageSize?: number;
  /** Disk quota of the lesson blob cache (default 20 GiB; see BlobQuota for the free-disk floor). */
  quotaBytes?: number;
  downloadConcurrency?: number;
  logError?: (message: string, error: unknown) => void;
  /** Notable housekeeping (orphan blob files adopted or removed at open); default console.info. */
  logInfo?: (message: string, details: unknown) => void;
  /**
   * 32 bytes; when given, the device and session tokens are sealed with it
   * (AES-256-GCM) before they reach cache.db. The host keeps it out of the cache.
   */
  secretKey?: Uint8Array;
  /** First reconnect delay of the live session link (tests shorten it). */
  reconnectDelayMs?: number;
  /** How often the PC reports its OS, app version and free disk (default 15 min). */
  inventoryReportIntervalMs?: number;
  /**
   * Lab-local sharing: run a peer server and fetch lesson files from classmate
   * PCs of the lab before the server (see peers/). Off when absent.
   */
  labPeers?: LabPeerOptions;
  /** The search indexer's worker file (a file URL); default: beside its source (search/search-indexer.ts). */
  searchIndexWorker?: string;
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
  readonly #enrolment: CredentialStore;
  readonly #lessons: LessonStore;
  readonly #blobs: BlobStore;
  /** Quota and bandwidth cap of this PC (`settings.*`, `storage.usage`). */
  readonly #settings: StorageSettings;
  readonly #client: ServerClient;
  readonly #sync: LibrarySync;
  /** Library browser: pages, facet counts, per-lesson downloads and pins. */
  readonly #browser: LibraryBrowser;
  readonly #admin: SchoolAdmin;
  readonly #organisation: OrganisationAdmin;
  readonly #inventory: InventoryReport;
  /** This PC's part in its lab's session, riding the session link's socket. */
  readonly #lab: LabLink;
  #peering: LabPeering | null = null;
  #online = true;
  /** The live line to the server while someone is signed in. */
  #link: SessionLink | null = null;
  #signedOutReason: HostError | null = null;
  #closed = false;
  /** Aborted first thing in close(): the sync and every download stop instead of being waited out. */
  readonly #closing = new AbortController();
  #releaseOpenLesson: () => void = () => {};

  private constructor(options: DesktopCoreOptions, db: CacheDb) {
    const logError = options.logError ?? ((message, error) => console.error(message, error));
    this.#options = options;
    this.#db = db;
    this.#enrolment = new CredentialStore(db, options.secretKey ? new CredentialSeal(options.secretKey) : null, logError);
    this.#lessons = new LessonStore(db);
    // One throttle for every download: the cap holds for all of them together.
    const throttle = new DownloadThrottle({ rate: () => this.#settings.downloadRate() });
    this.#blobs = new BlobStore(db, options.cacheDir, { quotaBytes: options.quotaBytes, throttle });
    this.#settings = new StorageSettings({
      db,
      quota: this.#blobs.quota,
      cacheDir: options.cacheDir,
      actor: async () => {
        const [enrolment, session] = await Promise.all([this.#enrolment.enrolment(), this.#enrolment.session()]);
        return enrolment && session ? { seat: enrolment.seat, user: session.user } : null;
      },
    });
    this.#client = new ServerClient({
      timeoutMs: options.requestTimeoutMs,
      onReachability: (online) => {
        this.#online = online;
      },
      onSessionLost: (reason) =>
        this.#sessionEnded(
          reason === 'device-revoked'
            ? { code: ErrorCode.deviceRevoked, message: 'This computer is no longer enrolled with the server.' }
            : { code: ErrorCode.unauthenticated, message: 'The session has ended. Sign in again.' },
        ),
    });
    this.#admin = new SchoolAdmin(this.#client);
    this.#organisation = new OrganisationAdmin(this.#client);
    this.#inventory = new InventoryReport({
      client: this.#client,
      enrolment: () => this.#enrolment.enrolment(),
      appVersion: options.appVersion,
      cacheDir: options.cacheDir,
      intervalMs: options.inventoryReportIntervalMs,
      logError,
    });
    // One fetch per blob for the sync and lesson downloads alike (they would share a .part file).
    const stop = this.#closing.signal;
    const fetchBlob = sharedBlobFetch(async (auth, blob, onBytes, signal) => {
      // `signal`: every caller of this blob cancelled; either way the .part stays for a resume.
      const halt = signal ? AbortSignal.any([stop, signal]) : stop;
      halt.throwIfAborted();
      if (this.#peering) await this.#peering.fetcher.fetch(auth, blob, onBytes, halt);
      else await this.#blobs.download(this.#client, auth, blob, onBytes, halt);
    });
    this.#sync = new LibrarySync(
      {
        db,
        client: this.#client,
        lessons: this.#lessons,
        blobs: this.#blobs,
        fetchBlob,
        stop,
      },
      { catalogPageSize: options.catalogPageSize ?? CATALOG_PAGE_MAX, downloadConcurrency: options.downloadConcurrency ?? 3 },
      logError,
    );
    this.#browser = new LibraryBrowser({
      db,
      lessons: this.#lessons,
      blobs: this.#blobs,
      fetchBlob,
      logError,
      auth: async () => {
        await this.#requireEnrolment();
        const auth = await this.#authOrNull();
        if (!auth) throw new HostFailure(HostErrorCode.notSignedIn, 'Sign in to download lessons.');
        return auth;
      },
    });
    const lessons = cachedLessons({
      lessons: this.#lessons,
      blobs: this.#blobs,
      sync: this.#sync,
      auth: () => this.#authOrNull(),
      fetchLesson: (lessonId) => this.#browser.fetchLesson(lessonId),
      downloadOf: (lessonId) => this.#browser.downloadOf(lessonId),
    });
    this.#lab = new LabLink(lessons, logError);
  }

  static async open(options: DesktopCoreOptions): Promise<DesktopCore> {
    const core = new DesktopCore(options, await openCacheDb(options.cacheDir, { searchIndexWorker: options.searchIndexWorker }));
    try {
      await core.#enrolment.sealPlaintextRows();
      await core.#settings.load();
      // Blob files and rows agree first, so the part sweep below sees which blobs are really verified.
      const blobSweep = await sweepBlobFiles(core.#db, options.cacheDir);
      if (blobSweep.adopted.length + blobSweep.removed.length + blobSweep.forgotten.length > 0) {
        (options.logInfo ?? console.info)('blob files reconciled with the cache at start-up', blobSweep);
      }
      // Nothing downloads yet: every .part is a leftover (kept only when a sync will resume it).
      await sweepStaleParts(core.#db, options.cacheDir);
      await core.#openLink();
      core.#inventory.start();
      if (options.labPeers) {
        core.#peering = await LabPeering.start(
          { client: core.#client, blobs: core.#blobs, enrolment: () => core.#enrolment.enrolment(), logError: options.logError ?? console.error },
          options.labPeers,
        );
      }
    } catch (error) {
      await core.close();
      throw error;
    }
    return core;
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Stop first, then wait: a capped 500 MB download would otherwise hold up quitting for hours.
    this.#closing.abort(new CoreClosing());
    this.#closeLink();
    await this.#inventory.stop();
    await this.#sync.settled();
    await this.#browser.settled();
    await this.#peering?.close();
    await this.#db.destroy();
  }

  /** Resolves when the background library sync (if any) has finished. */
  async syncSettled(): Promise<void> {
    await this.#sync.settled();
  }

  /** Lab-local sharing as running (null when off): the peer server's port, bytes served and fetched by source. */
  get labPeering(): LabPeering | null {
    return this.#peering;
  }

  /** What this PC must enforce outside the renderer (lock windows, site filter): now, then every change. */
  onSeatEnforcement(listener: EnforcementListener): () => void {
    return this.#lab.onEnforcement(listener);
  }

  /** True while the live session link is up (the server can tell this PC at once that a session ended). */
  get sessionLinkConnected(): boolean {
    return this.#link?.connected ?? false;
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
      signedOutReason: this.#signedOutReason,
    };
  }

  async 'device.enrol'(args: HostArgs<'device.enrol'>): Promise<Seat> {
    const response = await this.#client.enrol(args.serverUrl, {
      code: args.code,
      seatName: args.seatName,
      os: osDescription(),
      appVersion: this.#options.appVersion,
    });
    this.#closeLink();
    await this.#enrolment.saveEnrolment({ serverUrl: args.serverUrl, deviceToken: response.deviceToken, seat: response.seat });
    this.#signedOutReason = null;
    // Enrolment carries OS and version; the report adds free disk at once instead of in 15 minutes.
    void this.#inventory.sendSoon();
    void this.#peering?.announceSoon();
    return response.seat;
  }

  async 'session.signIn'(args: HostArgs<'session.signIn'>): Promise<UserSummary> {
    const enrolment = await this.#requireEnrolment();
    const response = await this.#client.signIn(enrolment.serverUrl, enrolment.deviceToken, args);
    await this.#enrolment.saveSession({ token: response.token, expiresAt: response.expiresAt, user: response.user });
    this.#signedOutReason = null;
    await this.#openLink();
    return response.user;
  }

  async 'session.signOut'(_args: HostArgs<'session.signOut'> = {}): Promise<HostResult<'session.signOut'>> {
    const auth = await this.#authOrNull();
    this.#closeLink();
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
    const shas = lesson.resources.map((r) => r.sha256);
    await this.#blobs.touch(shas);
    // The lesson on screen keeps its files: no download may evict them under it.
    this.#releaseOpenLesson();
    this.#releaseOpenLesson = this.#blobs.quota.hold(shas);
    return {
      lesson,
      resources: lesson.resources.map((r) => ({ ...r, url: `${this.#options.blobUrlPrefix}${r.sha256}` })),
    };
  }

  'library.browse' = (args: HostArgs<'library.browse'>) => this.#browser.browse(args);
  'library.facets' = (args: HostArgs<'library.facets'>) => this.#browser.facets(args);
  'library.download' = (args: HostArgs<'library.download'>) => this.#browser.download(args);
  'library.downloads' = async (_args: HostArgs<'library.downloads'>) => this.#browser.downloads();
  'library.cancelDownload' = (args: HostArgs<'library.cancelDownload'>) => this.#browser.cancelDownload(args);
  'library.pin' = (args: HostArgs<'library.pin'>) => this.#browser.pin(args);

  /** Resolves when no lesson download (`library.download`) runs any more. */
  async downloadsSettled(): Promise<void> {
    await this.#browser.settled();
  }

  /** Pins (or unpins) a lesson for offline use: its files are never evicted under the disk quota. */
  async pinLesson(lessonId: string, pinned: boolean): Promise<void> {
    await this.#lessons.setPinned(lessonId, pinned);
  }

  'admin.labs.list' = async (_args: HostArgs<'admin.labs.list'>) => this.#admin.labs(await this.#adminAuth());
  'admin.labs.create' = async (args: HostArgs<'admin.labs.create'>) => this.#admin.createLab(await this.#adminAuth(), args);
  'admin.enrolmentCodes.list' = async (_args: HostArgs<'admin.enrolmentCodes.list'>) => this.#admin.enrolmentCodes(await this.#adminAuth());
  'admin.enrolmentCodes.create' = async (args: HostArgs<'admin.enrolmentCodes.create'>) =>
    this.#admin.createEnrolmentCode(await this.#adminAuth(), args);
  'admin.enrolmentCodes.revoke' = async (args: HostArgs<'admin.enrolmentCodes.revoke'>) =>
    this.#admin.revokeEnrolmentCode(await this.#adminAuth(), args);
  'admin.devices.list' = async (args: HostArgs<'admin.devices.list'>) => this.#admin.devices(await this.#adminAuth(), args);
  'admin.devices.rename' = async (args: HostArgs<'admin.devices.rename'>) => this.#admin.renameDevice(await this.#adminAuth(), args);
  'admin.devices.revoke' = async (args: HostArgs<'admin.devices.revoke'>) => this.#admin.revokeDevice(await this.#adminAuth(), args);
  'admin.devices.move' = async (args: HostArgs<'admin.devices.move'>) => this.#admin.moveDevice(await this.#adminAuth(), args);
  'admin.classes.list' = async (_args: HostArgs<'admin.classes.list'>) => this.#organisation.classes(await this.#adminAuth());
  'admin.classes.create' = async (args: HostArgs<'admin.classes.create'>) => this.#organisation.createClass(await this.#adminAuth(), args);
  'admin.classes.members' = async (args: HostArgs<'admin.classes.members'>) => this.#organisation.classMembers(await this.#adminAuth(), args);
  'admin.classes.addMembers' = async (args: HostArgs<'admin.classes.addMembers'>) =>
    this.#organisation.addClassMembers(await this.#adminAuth(), args);
  'admin.grants' = async (_args: HostArgs<'admin.grants'>) => this.#organisation.grants(await this.#adminAuth());
  'admin.regions.list' = async (_args: HostArgs<'admin.regions.list'>) => this.#organisation.regions(await this.#adminAuth());
  'admin.regions.create' = async (args: HostArgs<'admin.regions.create'>) => this.#organisation.createRegion(await this.#adminAuth(), args);
  'admin.schools.list' = async (args: HostArgs<'admin.schools.list'>) => this.#organisation.schools(await this.#adminAuth(), args);
  'admin.schools.create' = async (args: HostArgs<'admin.schools.create'>) => this.#organisation.createSchool(await this.#adminAuth(), args);
  'admin.users.list' = async (args: HostArgs<'admin.users.list'>) => this.#admin.users(await this.#adminAuth(), args);
  'admin.users.create' = async (args: HostArgs<'admin.users.create'>) => this.#admin.createUser(await this.#adminAuth(), args);
  'admin.users.import' = async (args: HostArgs<'admin.users.import'>) => this.#admin.importRoster(await this.#adminAuth(), args);
  'admin.users.disable' = async (args: HostArgs<'admin.users.disable'>) =>
    this.#admin.setUserDisabled(await this.#adminAuth(), args.userId, true);
  'admin.users.enable' = async (args: HostArgs<'admin.users.enable'>) =>
    this.#admin.setUserDisabled(await this.#adminAuth(), args.userId, false);
  'admin.users.resetPassword' = async (args: HostArgs<'admin.users.resetPassword'>) =>
    this.#admin.resetPassword(await this.#adminAuth(), args);
  'admin.audit.list' = async (args: HostArgs<'admin.audit.list'>) => this.#admin.audit(await this.#adminAuth(), args);

  'lab.state' = (_args: HostArgs<'lab.state'>) => this.#lab.view();
  'lab.start' = (args: HostArgs<'lab.start'>) => this.#lab.start(args);
  'lab.end' = (_args: HostArgs<'lab.end'>) => this.#lab.end();
  'lab.command' = (args: HostArgs<'lab.command'>) => this.#lab.command(args);
  'lab.hand' = async (args: HostArgs<'lab.hand'>) => (await this.#lab.hand(args), {});
  'lab.chat' = (args: HostArgs<'lab.chat'>) => this.#lab.chat(args);
  'lab.watch' = async (args: HostArgs<'lab.watch'>) => (await this.#lab.watch(args), {});
  'lab.thumbnails' = async (_args: HostArgs<'lab.thumbnails'>) => this.#lab.thumbnails();
  'lab.thumbnail' = (args: HostArgs<'lab.thumbnail'>) => this.#lab.thumbnail(args);
  'lab.askToJoin' = async (_args: HostArgs<'lab.askToJoin'>) => (await this.#lab.askToJoin(), {});
  'lab.invite' = async (args: HostArgs<'lab.invite'>) => (await this.#lab.invite(args), {});
  'lab.coTeachers' = (_args: HostArgs<'lab.coTeachers'>) => this.#lab.coTeachers();
  'lab.focus' = async (args: HostArgs<'lab.focus'>) => (await this.#lab.focus(args), {});
  'lab.focusFrame' = (args: HostArgs<'lab.focusFrame'>) => this.#lab.focusFrame(args);
  'lab.blockedSite' = (args: HostArgs<'lab.blockedSite'>) => this.#lab.blockedSite(args);

  'settings.get' = async (_args: HostArgs<'settings.get'>) => this.#settings.current();
  'settings.set' = (args: HostArgs<'settings.set'>) => this.#settings.change(args);
  'storage.usage' = (_args: HostArgs<'storage.usage'>) => this.#settings.usage();

  /** The server ended the session or revoked this PC (socket event or a REST 401). */
  async #sessionEnded(end: SessionEnd): Promise<void> {
    this.#closeLink();
    const hadSession = (await this.#enrolment.session()) !== null;
    if (end.code === ErrorCode.deviceRevoked) {
      const wasEnrolled = (await this.#enrolment.enrolment()) !== null;
      await this.#enrolment.forgetEnrolment();
      if (wasEnrolled) this.#signedOutReason = { code: end.code, message: end.message };
      return;
    }
    await this.#enrolment.clearSession();
    // A 401 to a sign-out the user asked for is no news to them.
    if (hadSession) this.#signedOutReason = { code: end.code, message: end.message };
  }

  async #openLink(): Promise<void> {
    this.#closeLink();
    const auth = await this.#authOrNull();
    const seat = (await this.#enrolment.enrolment())?.seat;
    if (!auth || this.#closed) return;
    const link: SessionLink = new SessionLink({
      serverUrl: auth.serverUrl,
      token: auth.token,
      deviceToken: auth.deviceToken,
      ...(this.#options.reconnectDelayMs ? { retryDelayMs: this.#options.reconnectDelayMs } : {}),
      onEnded: (end) => {
        // A link replaced meanwhile (new sign-in) speaks for a session that is already gone.
        if (this.#link !== link) return;
        void this.#sessionEnded(end).catch((error: unknown) => console.error('could not end the session', error));
      },
    });
    this.#link = link;
    if (seat) this.#lab.bind(link.socket, { labId: seat.labId, deviceId: seat.deviceId });
  }

  #closeLink(): void {
    this.#lab.unbind();
    this.#link?.close();
    this.#link = null;
  }

  async #adminAuth(): Promise<AdminAuth> {
    await this.#requireEnrolment();
    const auth = await this.#authOrNull();
    const session = await this.#enrolment.session();
    if (!auth || !session) throw new HostFailure(HostErrorCode.notSignedIn, 'Sign in to manage the school.');
    return { ...auth, schoolId: session.user.schoolId };
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
