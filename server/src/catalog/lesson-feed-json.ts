/**
 * A lesson's feed form: the JSON text the change feed sends for it (the
 * shared `Lesson` schema, resources in order). The catalog writer stores it
 * with every lesson it writes (lessons.feed_json, migration 0008), so a feed
 * page is a concatenation of stored text (catalog-feed.ts). Any other change
 * to a lesson or its resources clears it (triggers of migration 0008), and
 * the feed then builds that lesson's text as it reads.
 */
import { sql, type Transaction } from 'kysely';
import type { StoreSchema } from '../db/schema.ts';

/** SQL for the feed text of the `lessons` row named `row` (the table or an alias). */
export function lessonFeedJsonSql(row: string): string {
  return `json_object(
    'id', ${row}.id, 'title', ${row}.title, 'description', ${row}.description, 'subject', ${row}.subject,
    'grade', ${row}.grade, 'language', ${row}.language, 'updatedAt', ${row}.updated_at,
    'resources', json((
      SELECT json_group_array(json_object(
        'id', r.id, 'name', r.name, 'mediaType', r.media_type, 'size', r.size, 'sha256', r.sha256
      ) ORDER BY r.position)
      FROM lesson_resources r WHERE r.lesson_id = ${row}.id
    )))`;
}

/** Stores the lesson's feed text, once its row and resources are written. */
export async function storeLessonFeedJson(trx: Transaction<StoreSchema>, lessonId: string): Promise<void> {
  await sql`UPDATE lessons SET feed_json = ${sql.raw(lessonFeedJsonSql('lessons'))} WHERE id = ${lessonId}`.execute(trx);
}
