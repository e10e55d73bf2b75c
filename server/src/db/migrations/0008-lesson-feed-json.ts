/**
 * Version 8: every lesson keeps its feed form, the JSON text the change feed
 * sends for it (`lessons.feed_json`: the lesson with its resources in order).
 *
 * Why: a first sync of a 100k-lesson library asks for a hundred pages, and
 * building each lesson's JSON at read time (json_object over the lesson and a
 * sorted aggregate of its resources) was most of the server's time per page,
 * for every PC of every school, although the lessons change rarely. Built at
 * write time instead, a page is a concatenation of stored text.
 *
 * Triggers keep the column right whoever writes (the catalog writer, an
 * import, a tool with plain SQL): after any change to a lesson row or to one
 * of its resources, the lesson's text is built again. The catalog writer
 * writes a lesson and then its resources in one transaction, so the text is
 * built a few times per lesson; writes are rare, reads are per PC.
 */
import { sql, type Kysely } from 'kysely';

/** The row's lesson as the shared `Lesson` schema's JSON, resources in order. */
const LESSON_JSON = `json_object(
    'id', id, 'title', title, 'description', description, 'subject', subject,
    'grade', grade, 'language', language, 'updatedAt', updated_at,
    'resources', json((
      SELECT json_group_array(json_object(
        'id', r.id, 'name', r.name, 'mediaType', r.media_type, 'size', r.size, 'sha256', r.sha256
      ) ORDER BY r.position)
      FROM lesson_resources r WHERE r.lesson_id = lessons.id
    )))`;

function rebuildLesson(where: string): string {
  return `UPDATE lessons SET feed_json = ${LESSON_JSON} WHERE ${where};`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lessons').addColumn('feed_json', 'text').execute();
  await sql.raw(rebuildLesson('1')).execute(db);
  // Not on feed_json itself: the triggers' own UPDATE must not fire them again.
  const lessonColumns = 'id, title, description, subject, grade, language, updated_at, deleted';
  const triggers = {
    lessons_feed_json_insert: `AFTER INSERT ON lessons BEGIN ${rebuildLesson('rowid = NEW.rowid')} END`,
    lessons_feed_json_update: `AFTER UPDATE OF ${lessonColumns} ON lessons BEGIN ${rebuildLesson('rowid = NEW.rowid')} END`,
    lesson_resources_feed_json_insert: `AFTER INSERT ON lesson_resources BEGIN ${rebuildLesson('id = NEW.lesson_id')} END`,
    lesson_resources_feed_json_delete: `AFTER DELETE ON lesson_resources BEGIN ${rebuildLesson('id = OLD.lesson_id')} END`,
    lesson_resources_feed_json_update: `AFTER UPDATE ON lesson_resources BEGIN
      ${rebuildLesson('id = OLD.lesson_id')}
      ${rebuildLesson('id = NEW.lesson_id AND NEW.lesson_id IS NOT OLD.lesson_id')}
    END`,
  };
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}
