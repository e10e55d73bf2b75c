/** Kysely table types of the local cache (cache.db). Keep in step with migrations/. */
export interface DeviceTable {
  id: number;
  server_url: string;
  device_token: string;
  seat_json: string;
  enrolled_at: string;
}

export interface SessionTable {
  id: number;
  token: string;
  expires_at: string;
  user_json: string;
}

export interface LessonTable {
  id: string;
  title: string;
  description: string;
  subject: string;
  grade: number;
  language: string;
  updated_at: string;
  /** rowid of the lesson's row in `lesson_search` (migration 0003). */
  search_rowid: number | null;
  /** resourcesDigest of the lesson's resources; null when not known (migration 0011). */
  resources_digest: number | null;
}

export interface LessonResourceTable {
  lesson_id: string;
  position: number;
  id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
}

/** A row exists only for a blob whose bytes were verified against its sha256. */
export interface BlobTable {
  sha256: string;
  size: number;
  relative_path: string;
  verified_at: string;
  last_used_at: string | null;
  /** mtime of the file when it was verified (migration 0002); null = verify again. */
  file_mtime_ms: number | null;
}

export interface SyncStateTable {
  id: number;
  cursor: string | null;
  last_synced_at: string | null;
}

/** A lesson a teacher pinned for offline use (migration 0004). */
export interface LessonPinTable {
  lesson_id: string;
  pinned_at: string;
}

/** This PC's settings, one row (migration 0005); NULL = the app's default. */
export interface DeviceSettingsTable {
  id: number;
  quota_bytes: number | null;
  bandwidth_kbps: number | null;
  window_from: string | null;
  window_to: string | null;
  window_weekdays_only: number;
  updated_at: string;
  /** User id of who saved them last. */
  updated_by: string | null;
}

/** An index a bulk load dropped, and its CREATE statement (migration 0006). */
export interface DeferredIndexTable {
  name: string;
  create_sql: string;
  /** Null: deferred before migration 0013. */
  table_name: string | null;
}

export interface CacheSchema {
  device: DeviceTable;
  session: SessionTable;
  lessons: LessonTable;
  lesson_resources: LessonResourceTable;
  blobs: BlobTable;
  sync_state: SyncStateTable;
  lesson_pins: LessonPinTable;
  device_settings: DeviceSettingsTable;
  deferred_indexes: DeferredIndexTable;
}
