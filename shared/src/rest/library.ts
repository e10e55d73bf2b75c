/**
 * /api/v1/admin/{channels,subscriptions,lessons,content,library}: the lesson
 * library as published (channels), who receives what (a school's
 * subscriptions), content uploads and lesson-package imports.
 */
import { Type, type Static } from 'typebox';
import { LanguageCode, Sha256Hex } from '../domain/catalog.ts';
import { DisplayName, EntityId, IsoTime } from './ids.ts';

const LessonId = Type.String({ minLength: 1, maxLength: 64 });
const Grade = Type.Integer({ minimum: 1, maximum: 12 });

export const Channel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  /** New schools subscribe to it (the whole channel) when they are created. */
  autoSubscribe: Type.Boolean(),
  /** Live lessons in the channel. */
  lessonCount: Type.Integer(),
  subscriberCount: Type.Integer(),
});
export type Channel = Static<typeof Channel>;
export const ChannelList = Type.Object({ channels: Type.Array(Channel) });
export type ChannelList = Static<typeof ChannelList>;

export const CreateChannelRequest = Type.Object(
  {
    name: DisplayName,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    autoSubscribe: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateChannelRequest = Static<typeof CreateChannelRequest>;

export const ChannelParams = Type.Object({ channelId: EntityId }, { additionalProperties: false });
export type ChannelParams = Static<typeof ChannelParams>;

export const ChannelLesson = Type.Object({
  id: Type.String(),
  title: Type.String(),
  subject: Type.String(),
  grade: Type.Integer(),
  language: LanguageCode,
  updatedAt: IsoTime,
});
export type ChannelLesson = Static<typeof ChannelLesson>;
export const ChannelLessonList = Type.Object({ lessons: Type.Array(ChannelLesson) });
export type ChannelLessonList = Static<typeof ChannelLessonList>;

export const LessonParams = Type.Object({ lessonId: LessonId }, { additionalProperties: false });
export type LessonParams = Static<typeof LessonParams>;
/** PUT /api/v1/admin/lessons/:lessonId/channels: the lesson's channels after the call (moving = one call). */
export const LessonChannelsRequest = Type.Object(
  { channelIds: Type.Array(EntityId, { maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export type LessonChannelsRequest = Static<typeof LessonChannelsRequest>;
export const LessonChannels = Type.Object({ lessonId: Type.String(), channelIds: Type.Array(Type.String()) });
export type LessonChannels = Static<typeof LessonChannels>;

/**
 * What a school receives from one channel. Omitted filters mean "all":
 * `grades`/`languages` narrow the channel; `lessonIds` hand-picks lessons
 * (still narrowed by grades/languages when those are given too).
 */
export const SubscriptionFilter = Type.Object(
  {
    grades: Type.Optional(Type.Array(Grade, { minItems: 1, maxItems: 12, uniqueItems: true })),
    languages: Type.Optional(Type.Array(LanguageCode, { minItems: 1, maxItems: 4, uniqueItems: true })),
    lessonIds: Type.Optional(Type.Array(LessonId, { minItems: 1, maxItems: 5000, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type SubscriptionFilter = Static<typeof SubscriptionFilter>;

export const SubscribeRequest = Type.Object(
  {
    schoolId: EntityId,
    channelId: EntityId,
    grades: Type.Optional(Type.Array(Grade, { minItems: 1, maxItems: 12, uniqueItems: true })),
    languages: Type.Optional(Type.Array(LanguageCode, { minItems: 1, maxItems: 4, uniqueItems: true })),
    lessonIds: Type.Optional(Type.Array(LessonId, { minItems: 1, maxItems: 5000, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type SubscribeRequest = Static<typeof SubscribeRequest>;

export const Subscription = Type.Object({
  schoolId: Type.String(),
  channelId: Type.String(),
  channelName: Type.String(),
  grades: Type.Optional(Type.Array(Type.Integer())),
  languages: Type.Optional(Type.Array(LanguageCode)),
  lessonIds: Type.Optional(Type.Array(Type.String())),
  updatedAt: IsoTime,
});
export type Subscription = Static<typeof Subscription>;
export const SubscriptionList = Type.Object({ subscriptions: Type.Array(Subscription) });
export type SubscriptionList = Static<typeof SubscriptionList>;
export const UnsubscribeQuery = Type.Object({ schoolId: EntityId, channelId: EntityId }, { additionalProperties: false });
export type UnsubscribeQuery = Static<typeof UnsubscribeQuery>;

/** Header naming the sha256 an upload must hash to (or `?sha256=` in the query). */
export const CONTENT_SHA256_HEADER = 'x-content-sha256';
export const ContentUploadQuery = Type.Object({ sha256: Type.Optional(Sha256Hex) }, { additionalProperties: false });
export type ContentUploadQuery = Static<typeof ContentUploadQuery>;
/** POST /api/v1/admin/content: the body is the file itself, its Content-Type the file's media type. */
export const StoredContent = Type.Object({
  sha256: Sha256Hex,
  size: Type.Integer({ minimum: 0 }),
  mediaType: Type.String(),
  /** False when the store already held these bytes. */
  created: Type.Boolean(),
});
export type StoredContent = Static<typeof StoredContent>;

/**
 * manifest.json of a lesson package (a zip) and of resources/demo-library.
 * A resource names a `file` in the package, or only a `sha256` already in the
 * content store (uploaded before, e.g. a large video); `sha256` next to
 * `file` is checked against the file's bytes.
 */
export const PackageResource = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    file: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    sha256: Type.Optional(Sha256Hex),
    mediaType: Type.String({ minLength: 3, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type PackageResource = Static<typeof PackageResource>;
export const PackageLesson = Type.Object(
  {
    id: LessonId,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ maxLength: 4000 }),
    subject: Type.String({ minLength: 1, maxLength: 100 }),
    grade: Grade,
    language: LanguageCode,
    resources: Type.Array(PackageResource, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type PackageLesson = Static<typeof PackageLesson>;
export const LessonPackageManifest = Type.Object(
  { lessons: Type.Array(PackageLesson, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
);
export type LessonPackageManifest = Static<typeof LessonPackageManifest>;

export const PackageProblemKind = Type.Union([
  Type.Literal('notAZip'),
  Type.Literal('tooManyEntries'),
  Type.Literal('tooLarge'),
  Type.Literal('unsafePath'),
  Type.Literal('duplicateEntry'),
  Type.Literal('manifestMissing'),
  Type.Literal('manifestInvalid'),
  Type.Literal('duplicateId'),
  Type.Literal('fileMissing'),
  Type.Literal('fileTooLarge'),
  Type.Literal('mediaTypeNotAllowed'),
  Type.Literal('hashMismatch'),
]);
export type PackageProblemKind = Static<typeof PackageProblemKind>;
/** One thing wrong with a package; `path` is a JSON pointer into manifest.json or a zip entry name. */
export const PackageProblem = Type.Object({ kind: PackageProblemKind, path: Type.String(), message: Type.String() });
export type PackageProblem = Static<typeof PackageProblem>;

export const PackageImportQuery = Type.Object({ channelId: EntityId }, { additionalProperties: false });
export type PackageImportQuery = Static<typeof PackageImportQuery>;
export const PackageImportReport = Type.Object({
  channelId: Type.String(),
  lessonIds: Type.Array(Type.String()),
  files: Type.Integer(),
  bytes: Type.Integer(),
  /** Blobs the store did not hold before. */
  newBlobs: Type.Integer(),
});
export type PackageImportReport = Static<typeof PackageImportReport>;
