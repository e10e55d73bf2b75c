/**
 * Version 8: every lesson keeps its feed form, the JSON text the change feed
 * sends for it (`lessons.feed_json`; catalog/lesson-feed-json.ts).
 *
 * Why: a first sync of a 100k-lesson library asks for a hundred pages, and
 * building each lesson's JSON at read time (json_object over the lesson and a
 * sorted aggregate of its resources) was most of the server's time per page,
 * for every PC of every school, although lessons change rarely. The catalog
 * writer stores the text with each lesson it writes.
 *
 * Triggers clear the text on any other change to a lesson row or to one of
 * its resources, whoever makes it (an import, a tool with plain SQL), and the
 * feed builds a cleared lesson's text as it reads: a stale text is never
 * sent. Clearing, not rebuilding: a rebuild per resource row made writing a
 * lesson with 200 resources five times slower.
 */
import { sql, type Kysely } from 'kysely';

// As catalog/lesson-feed-json.ts built it at version 8 (a migration keeps its own copy).
const LESSON_FEED_JSON = `json_object(
    'id', id, 'title', title, 'description', description, 'subject', subject,
    'grade', grade, 'language', language, 'updatedAt', updated_at,
    'resources', json((
      SELECT json_group_array(json_object(
        'id', r.id, 'name', r.name, 'mediaType', r.media_type, 'size', r.size, 'sha256', r.sha256
      ) ORDER BY r.position)
      FROM lesson_resources r WHERE r.lesson_id = lessons.id
    )))`;

function clear(where: string): string {
  return `UPDATE lessons SET feed_json = NULL WHERE ${where} AND feed_json IS NOT NULL;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lessons').addColumn('feed_json', 'text').execute();
  await sql.raw(`UPDATE lessons SET feed_json = ${LESSON_FEED_JSON}`).execute(db);
  // Not on feed_json itself: storing the text must not clear it.
  const lessonColumns = 'id, title, description, subject, grade, language, updated_at, deleted';
  const triggers = {
    lessons_feed_json_clear: `AFTER UPDATE OF ${lessonColumns} ON lessons BEGIN ${clear('rowid = NEW.rowid')} END`,
    lesson_resources_insert_feed_json_clear: `AFTER INSERT ON lesson_resources BEGIN ${clear('id = NEW.lesson_id')} END`,
    lesson_resources_delete_feed_json_clear: `AFTER DELETE ON lesson_resources BEGIN ${clear('id = OLD.lesson_id')} END`,
    lesson_resources_update_feed_json_clear: `AFTER UPDATE ON lesson_resources BEGIN
      ${clear('id = OLD.lesson_id')}
      ${clear('id = NEW.lesson_id')}
    END`,
  };
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}
