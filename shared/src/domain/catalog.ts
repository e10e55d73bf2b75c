import { Type, type Static } from 'typebox';

export const LanguageCode = Type.Union([
  Type.Literal('az'),
  Type.Literal('hy'),
  Type.Literal('ru'),
  Type.Literal('en'),
]);
export type LanguageCode = Static<typeof LanguageCode>;

export const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** One file of a lesson (HTML page, video, PDF...), content-addressed by sha256. */
export const LessonResource = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  mediaType: Type.String({ minLength: 3, maxLength: 100 }),
  size: Type.Integer({ minimum: 0 }),
  sha256: Sha256Hex,
});
export type LessonResource = Static<typeof LessonResource>;

export const Lesson = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.String({ maxLength: 4000 }),
  subject: Type.String({ minLength: 1, maxLength: 100 }),
  grade: Type.Integer({ minimum: 1, maximum: 12 }),
  language: LanguageCode,
  /** ISO-8601 time of the last edit on the server. */
  updatedAt: Type.String(),
  resources: Type.Array(LessonResource, { maxItems: 200 }),
});
export type Lesson = Static<typeof Lesson>;

/**
 * The catalog feed is a sequence of changes, each with a server-assigned,
 * strictly increasing `seq`. A client stores the last `seq` it applied as its
 * cursor and asks for what came after it.
 */
export const CatalogCursor = Type.String({ pattern: '^[0-9]{1,15}$', maxLength: 15 });
export type CatalogCursor = Static<typeof CatalogCursor>;

export const CatalogChange = Type.Union([
  Type.Object({ seq: Type.Integer(), kind: Type.Literal('upsert'), lesson: Lesson }),
  Type.Object({ seq: Type.Integer(), kind: Type.Literal('delete'), lessonId: Type.String() }),
]);
export type CatalogChange = Static<typeof CatalogChange>;
