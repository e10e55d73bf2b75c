/**
 * The host contract: the ONE API the renderer may call. The Electron preload
 * exposes it over IPC, the test/browser bridge over loopback HTTP. Both check
 * every call against these schemas before it reaches the desktop core.
 *
 * Every method takes one argument object and resolves to one result. Errors
 * cross the boundary as a `HostResponse` with a stable `HostErrorCode`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Lesson, LessonResource, LanguageCode } from '../domain/catalog.ts';
import { Role, Seat, UserSummary } from '../domain/people.ts';
import { AuditPage } from '../rest/audit.ts';
import { DeviceInfo, DeviceList } from '../rest/device-inventory.ts';
import { CreateEnrolmentCodeRequest, CreateEnrolmentCodeResponse, EnrolmentCodeInfo, EnrolmentCodeList } from '../rest/enrolment-codes.ts';
import { DisplayName, EntityId, NewPassword, PageLimit, Username } from '../rest/ids.ts';
import { ClassList, ClassMemberList, ClassMemberRole, Lab, LabList, Region, RegionList, School, SchoolClass, SchoolList } from '../rest/organisation.ts';
import { RoleGrant } from '../permissions.ts';
import { AdminUser, CreateUserResponse, ImportedStudent, PasswordResetResponse, RosterRowProblem, UserList } from '../rest/users-admin.ts';
import { LabCommandBody, LabCommandResult, LabTargets } from '../realtime/lab-session.ts';
import { ChatAddress, LabChatMessage } from '../realtime/lab-session-state.ts';
import { LabThumbnailList, LabThumbnailSent, LabThumbnailUpload, LabView } from './lab-view.ts';
import { LabBlockedSiteArgs, LabBlockedSiteResult } from '../realtime/lab-blocked-site.ts';
import { Empty, labTeamMethods } from './lab-team-methods.ts';
import { DeviceSettings, DeviceSettingsChange, StorageUsage } from './device-settings.ts';

export * from './lab-view.ts';
export * from './device-settings.ts';

export const HostErrorCode = {
  invalidArgument: 'INVALID_ARGUMENT',
  unknownMethod: 'UNKNOWN_METHOD',
  forbiddenSender: 'FORBIDDEN_SENDER',
  notEnrolled: 'NOT_ENROLLED',
  notSignedIn: 'NOT_SIGNED_IN',
  serverUnreachable: 'SERVER_UNREACHABLE',
  invalidCredentials: 'INVALID_CREDENTIALS',
  enrolmentCodeInvalid: 'ENROLMENT_CODE_INVALID',
  deviceRevoked: 'DEVICE_REVOKED',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  lessonNotFound: 'LESSON_NOT_FOUND',
  lessonNotOffline: 'LESSON_NOT_AVAILABLE_OFFLINE',
  diskFull: 'DISK_FULL',
  /** The library cache reached its disk quota and nothing more could be evicted (pinned or in use). */
  quotaExceeded: 'QUOTA_EXCEEDED',
  /** A downloaded file did not match its sha256/size; it was discarded. */
  contentVerificationFailed: 'CONTENT_VERIFICATION_FAILED',
  /** The user cancelled the lesson's download (`library.cancelDownload`); its partial files stay for a resume. */
  downloadCancelled: 'DOWNLOAD_CANCELLED',
  /** The server says the signed-in person's role may not do this. */
  forbidden: 'FORBIDDEN',
  /** The change clashes with what exists (taken username, disabling oneself...). */
  conflict: 'CONFLICT',
  /** The thing acted on (user, device, code) does not exist (any more). */
  notFound: 'NOT_FOUND',
  /** A roster had bad rows; `details.rows` lists them (RosterRowProblem[]). */
  csvInvalid: 'CSV_INVALID',
  internal: 'INTERNAL',
} as const;
export type HostErrorCode = (typeof HostErrorCode)[keyof typeof HostErrorCode];

export const HostError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  /** Machine-readable extras for some codes (CSV_INVALID: `{ rows }`). */
  details: Type.Optional(Type.Unknown()),
});
export type HostError = Static<typeof HostError>;

export const SyncStatus = Type.Object({
  state: Type.Union([Type.Literal('idle'), Type.Literal('syncing'), Type.Literal('error')]),
  phase: Type.Union([Type.Literal('catalog'), Type.Literal('content'), Type.Null()]),
  /** Units done/total of the current phase: pages for catalog, files for content. */
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  bytesDone: Type.Integer({ minimum: 0 }),
  bytesTotal: Type.Integer({ minimum: 0 }),
  lastSyncedAt: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([HostError, Type.Null()]),
});
export type SyncStatus = Static<typeof SyncStatus>;

export const AppInfo = Type.Object({
  appVersion: Type.String(),
  serverUrl: Type.Union([Type.String(), Type.Null()]),
  seat: Type.Union([Seat, Type.Null()]),
  user: Type.Union([UserSummary, Type.Null()]),
  /** False when the last request to the server failed to connect. */
  online: Type.Boolean(),
  sync: SyncStatus,
  /**
   * Why the last session ended without the user signing out (the server
   * revoked it or this PC): `code` is SESSION_REVOKED, DEVICE_REVOKED or
   * UNAUTHENTICATED. Cleared by the next enrolment or sign-in.
   */
  signedOutReason: Type.Optional(Type.Union([HostError, Type.Null()])),
});
export type AppInfo = Static<typeof AppInfo>;

export const LessonListItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  subject: Type.String(),
  grade: Type.Integer(),
  language: LanguageCode,
  /** Every resource of the lesson is in the verified local cache. */
  availableOffline: Type.Boolean(),
});
export type LessonListItem = Static<typeof LessonListItem>;

/**
 * Library browser (`library.browse`/`library.facets`/`library.download`...).
 * Filters combine with each other and with the search words (AND).
 */
export const LibraryFilter = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    language: Type.Optional(LanguageCode),
  },
  { additionalProperties: false },
);
export type LibraryFilter = Static<typeof LibraryFilter>;

/** Most lessons one `library.browse` page may hold: the renderer never gets the whole library. */
export const LIBRARY_PAGE_MAX = 100;
export const LibraryBrowseArgs = Type.Object(
  {
    ...LibraryFilter.properties,
    /** Lessons to skip (the "show more" position); the next page starts at `nextOffset`. */
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIBRARY_PAGE_MAX })),
  },
  { additionalProperties: false },
);
export type LibraryBrowseArgs = Static<typeof LibraryBrowseArgs>;

/** offline: every file verified in the cache; partial: some of them; none: not one. */
export const LessonDownloadState = Type.Union([Type.Literal('offline'), Type.Literal('partial'), Type.Literal('none')]);
export type LessonDownloadState = Static<typeof LessonDownloadState>;

export const LibraryLesson = Type.Object({
  ...LessonListItem.properties,
  downloadState: LessonDownloadState,
  /** Bytes of the lesson's distinct files, and of those verified in the cache. */
  sizeBytes: Type.Integer({ minimum: 0 }),
  downloadedBytes: Type.Integer({ minimum: 0 }),
  /** Pinned for offline use: its files are never evicted under the disk quota. */
  pinned: Type.Boolean(),
});
export type LibraryLesson = Static<typeof LibraryLesson>;

export const LibraryPage = Type.Object({
  lessons: Type.Array(LibraryLesson),
  /** Offset of the next page; null when this page is the last. */
  nextOffset: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type LibraryPage = Static<typeof LibraryPage>;

/**
 * Lesson counts per subject, grade and language. Each facet counts with the
 * search and the OTHER filters applied (not its own), so choosing grade 5
 * still shows how many lessons the other grades have.
 */
export const LibraryFacets = Type.Object({
  /** Lessons matching the search and every filter. */
  total: Type.Integer({ minimum: 0 }),
  subjects: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer({ minimum: 0 }) })),
  grades: Type.Array(Type.Object({ value: Type.Integer(), count: Type.Integer({ minimum: 0 }) })),
  languages: Type.Array(Type.Object({ value: LanguageCode, count: Type.Integer({ minimum: 0 }) })),
});
export type LibraryFacets = Static<typeof LibraryFacets>;

/** A download the user asked for, one lesson; `done` only as the answer for a lesson already offline. */
export const LessonDownload = Type.Object({
  lessonId: Type.String(),
  state: Type.Union([Type.Literal('downloading'), Type.Literal('done'), Type.Literal('failed')]),
  bytesDone: Type.Integer({ minimum: 0 }),
  bytesTotal: Type.Integer({ minimum: 0 }),
  error: Type.Union([HostError, Type.Null()]),
});
export type LessonDownload = Static<typeof LessonDownload>;

export const OpenedResource = Type.Intersect([
  LessonResource,
  /** URL the renderer loads; served only from verified cache blobs. */
  Type.Object({ url: Type.String() }),
]);
export type OpenedResource = Static<typeof OpenedResource>;

export const OpenedLesson = Type.Object({
  lesson: Lesson,
  resources: Type.Array(OpenedResource),
});
export type OpenedLesson = Static<typeof OpenedLesson>;

function method<A extends TSchema, R extends TSchema>(args: A, result: R) {
  return { args, result };
}

/**
 * Administration acts in the signed-in person's own school: the core fills
 * in `schoolId`, the server decides whether the person may.
 */
const NewUser = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    roles: Type.Array(Role, { minItems: 1, maxItems: 4, uniqueItems: true }),
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false },
);
const UserRef = Type.Object({ userId: EntityId }, { additionalProperties: false });
const DeviceRef = Type.Object({ deviceId: EntityId }, { additionalProperties: false });
const ClassRef = Type.Object({ classId: EntityId }, { additionalProperties: false });
const Named = Type.Object({ name: DisplayName }, { additionalProperties: false });

/** A roster import either imports every row or none: then `problems` lists the bad rows by line. */
export const RosterImportResult = Type.Object({
  imported: Type.Array(ImportedStudent),
  problems: Type.Array(RosterRowProblem),
});
export type RosterImportResult = Static<typeof RosterImportResult>;

/** Every host method with its argument and result schema. */
export const hostMethods = {
  'app.info': method(Empty, AppInfo),
  'device.enrol': method(
    Type.Object(
      {
        serverUrl: Type.String({ minLength: 8, maxLength: 300, pattern: '^https?://' }),
        code: Type.String({ minLength: 4, maxLength: 32 }),
        seatName: Type.String({ minLength: 1, maxLength: 64 }),
      },
      { additionalProperties: false },
    ),
    Seat,
  ),
  'session.signIn': method(
    Type.Object(
      {
        username: Type.String({ minLength: 1, maxLength: 64 }),
        password: Type.String({ minLength: 1, maxLength: 256 }),
      },
      { additionalProperties: false },
    ),
    UserSummary,
  ),
  'session.signOut': method(Empty, Empty),
  'library.sync': method(Empty, SyncStatus),
  'library.status': method(Empty, SyncStatus),
  'library.list': method(
    Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
    Type.Array(LessonListItem),
  ),
  'library.openLesson': method(
    Type.Object({ lessonId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    OpenedLesson,
  ),
  /** One page of the library browser: filtered, searched (best match first) or by title. */
  'library.browse': method(LibraryBrowseArgs, LibraryPage),
  'library.facets': method(LibraryFilter, LibraryFacets),
  /** Starts (or joins) downloading one lesson's files; progress through `library.downloads`. */
  'library.download': method(Type.Object({ lessonId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), LessonDownload),
  /** Lesson downloads running or failed (finished ones drop out); the renderer polls it while one runs. */
  'library.downloads': method(Empty, Type.Object({ downloads: Type.Array(LessonDownload) })),
  /**
   * Stops the lesson's download: it drops out of `library.downloads`, files already verified stay, a half-fetched
   * one keeps its partial bytes for the next download to resume. `cancelled` false: it was not downloading (a no-op).
   */
  'library.cancelDownload': method(
    Type.Object({ lessonId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    Type.Object({ lessonId: Type.String(), cancelled: Type.Boolean() }),
  ),
  'library.pin': method(
    Type.Object({ lessonId: Type.String({ minLength: 1, maxLength: 64 }), pinned: Type.Boolean() }, { additionalProperties: false }),
    Type.Object({ lessonId: Type.String(), pinned: Type.Boolean() }),
  ),
  'admin.labs.list': method(Empty, LabList),
  'admin.labs.create': method(Type.Object({ name: DisplayName }, { additionalProperties: false }), Lab),
  'admin.enrolmentCodes.list': method(Empty, EnrolmentCodeList),
  'admin.enrolmentCodes.create': method(CreateEnrolmentCodeRequest, CreateEnrolmentCodeResponse),
  'admin.enrolmentCodes.revoke': method(Type.Object({ codeId: EntityId }, { additionalProperties: false }), EnrolmentCodeInfo),
  'admin.devices.list': method(Type.Object({ labId: Type.Optional(EntityId) }, { additionalProperties: false }), DeviceList),
  'admin.devices.rename': method(
    Type.Object(
      { deviceId: EntityId, seatName: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }) },
      { additionalProperties: false },
    ),
    DeviceInfo,
  ),
  'admin.devices.revoke': method(DeviceRef, DeviceInfo),
  /** To another lab of the same school (the server refuses any other with CONFLICT). */
  'admin.devices.move': method(Type.Object({ deviceId: EntityId, labId: EntityId }, { additionalProperties: false }), DeviceInfo),
  'admin.classes.list': method(Empty, ClassList),
  'admin.classes.create': method(Named, SchoolClass),
  'admin.classes.members': method(ClassRef, ClassMemberList),
  'admin.classes.addMembers': method(
    Type.Object(
      {
        classId: EntityId,
        members: Type.Array(Type.Object({ userId: EntityId, role: ClassMemberRole }, { additionalProperties: false }), {
          minItems: 1,
          maxItems: 1000,
        }),
      },
      { additionalProperties: false },
    ),
    ClassMemberList,
  ),
  /** The signed-in person's grants (role, school, region), so the UI can offer only the regions they run. */
  'admin.grants': method(Empty, Type.Object({ grants: Type.Array(RoleGrant) })),
  /** Regions and schools are a region admin's: they name the region (not their own school). */
  'admin.regions.list': method(Empty, RegionList),
  'admin.regions.create': method(Named, Region),
  'admin.schools.list': method(Type.Object({ regionId: EntityId }, { additionalProperties: false }), SchoolList),
  'admin.schools.create': method(Type.Object({ regionId: EntityId, name: DisplayName }, { additionalProperties: false }), School),
  'admin.users.list': method(
    Type.Object({ limit: Type.Optional(PageLimit), after: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
    UserList,
  ),
  'admin.users.create': method(NewUser, CreateUserResponse),
  'admin.users.import': method(
    Type.Object(
      { csv: Type.String({ minLength: 1, maxLength: 512 * 1024 }), classId: Type.Optional(EntityId) },
      { additionalProperties: false },
    ),
    RosterImportResult,
  ),
  'admin.users.disable': method(UserRef, AdminUser),
  'admin.users.enable': method(UserRef, AdminUser),
  'admin.users.resetPassword': method(UserRef, PasswordResetResponse),
  'admin.audit.list': method(
    Type.Object({ limit: Type.Optional(PageLimit), before: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
    AuditPage,
  ),
  /** The lab session of this PC's lab: the renderer polls it while a session runs. */
  'lab.state': method(Empty, LabView),
  /** Starts (or rejoins) a session in this PC's own lab; the signed-in person must be a teacher there. */
  'lab.start': method(Type.Object({ classId: Type.Optional(EntityId) }, { additionalProperties: false }), LabView),
  'lab.end': method(Empty, LabView),
  /** Teacher: a command to every seat or chosen ones; per-seat progress shows in `lab.state`. */
  'lab.command': method(Type.Object({ targets: LabTargets, command: LabCommandBody }, { additionalProperties: false }), LabCommandResult),
  /** Seat: its own hand. Teacher: a seat's hand by `deviceId`. */
  'lab.hand': method(Type.Object({ raised: Type.Boolean(), deviceId: Type.Optional(EntityId) }, { additionalProperties: false }), Empty),
  'lab.chat': method(
    Type.Object({ to: ChatAddress, text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
    LabChatMessage,
  ),
  /** Teacher: the thumbnail grid is (or is no longer) on screen; seats send frames only while it is. */
  'lab.watch': method(Type.Object({ watching: Type.Boolean() }, { additionalProperties: false }), Empty),
  /** Teacher: the latest frame of each seat heard while watching. */
  'lab.thumbnails': method(Empty, LabThumbnailList),
  /** Seat: a frame of this PC's screen while watched; unchanged frames are not resent. */
  'lab.thumbnail': method(LabThumbnailUpload, LabThumbnailSent),
  /** Seat: a site was refused under the allowlist (renderer check or Electron request filter); tells the student and the teachers. */
  'lab.blockedSite': method(LabBlockedSiteArgs, LabBlockedSiteResult),
  /** Co-teaching and the focused screen: lab-team-methods.ts. */
  ...labTeamMethods,
  /** This PC's disk quota and download bandwidth cap (anyone may read them). */
  'settings.get': method(Empty, DeviceSettings),
  /** A teacher or IT admin of this PC's school (signed in here) changes them; answers the settings now in force. */
  'settings.set': method(DeviceSettingsChange, DeviceSettings),
  /** How much of the disk the lesson cache uses, and how much is left. */
  'storage.usage': method(Empty, StorageUsage),
} as const;

export type HostMethod = keyof typeof hostMethods;
export type HostArgs<M extends HostMethod> = Static<(typeof hostMethods)[M]['args']>;
export type HostResult<M extends HostMethod> = Static<(typeof hostMethods)[M]['result']>;

/** What crosses IPC / the bridge for each call. */
export type HostResponse<M extends HostMethod = HostMethod> =
  | { ok: true; value: HostResult<M> }
  | { ok: false; error: HostError };

/** The object the renderer sees (window.sinif in Electron). */
export interface HostApi {
  invoke<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<M>>;
}

/** Name of the single IPC channel; the preload uses nothing else. */
export const HOST_IPC_CHANNEL = 'sinif:host';

export function isHostMethod(name: unknown): name is HostMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(hostMethods, name);
}
