/**
 * Row types of the store, as Kysely sees them. Times are ISO-8601 text in UTC
 * (so they sort as text); booleans are 0/1 integers.
 */
import type { Generated, Selectable } from 'kysely';

export interface RegionRow {
  id: string;
  name: string;
}
export interface SchoolRow {
  id: string;
  region_id: string;
  name: string;
}
export interface LabRow {
  id: string;
  school_id: string;
  name: string;
}
/** As read back (defaults filled). */
export type EnrolmentCodeRow = Selectable<EnrolmentCodeTable>;
export interface EnrolmentCodeTable {
  id: string;
  lab_id: string;
  code_hash: string;
  expires_at: string;
  max_uses: number;
  uses: Generated<number>;
  created_at: string;
  revoked_at: Generated<string | null>;
  created_by: Generated<string | null>;
}
/** As read back (defaults filled). */
export type DeviceRow = Selectable<DeviceTable>;
export interface DeviceTable {
  id: string;
  lab_id: string;
  seat_name: string;
  token_hash: string;
  os: string | null;
  app_version: string | null;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  last_address: Generated<string | null>;
  free_disk_bytes: Generated<number | null>;
  /** Place on the lab's seat map (set by IT staff); null until placed. */
  seat_x: Generated<number | null>;
  seat_y: Generated<number | null>;
}
/** As read back (defaults filled). */
export type UserRow = Selectable<UserTable>;
export interface UserTable {
  id: string;
  school_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  must_change_password: Generated<number>;
}
export interface UserRoleRow {
  user_id: string;
  role: string;
  school_id: string;
}
export interface SessionRow {
  id: string;
  user_id: string;
  device_id: string | null;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}
export interface LessonRow {
  id: string;
  title: string;
  description: string;
  subject: string;
  grade: number;
  language: string;
  updated_at: string;
  deleted: number;
  seq: number;
  /** The lesson as the feed sends it (JSON text; catalog/lesson-feed-json.ts), null when it must be built again. */
  feed_json: Generated<string | null>;
}
export interface LessonResourceRow {
  lesson_id: string;
  id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  position: number;
}
export interface CatalogSeqRow {
  id: number;
  last_seq: number;
}

export interface ClassRow {
  id: string;
  school_id: string;
  name: string;
  created_at: string;
}
export interface ClassMemberRow {
  class_id: string;
  user_id: string;
  role: string;
}
export interface AuditEventRow {
  id: Generated<number>;
  at: string;
  actor_user_id: string | null;
  school_id: string | null;
  action: string;
  target: string | null;
  /** JSON text. */
  detail: string;
  ip: string | null;
}

export interface LabSessionTable {
  id: string;
  lab_id: string;
  class_id: string | null;
  started_by: string;
  started_at: string;
  ended_at: string | null;
  end_reason: string | null;
  /** JSON: teachers and seat directives (see lab-sessions/lab-session-records.ts). */
  state: string;
  updated_at: string;
}
export interface LabSessionCommandRow {
  session_id: string;
  command_id: string;
  issued_by: string;
  issued_at: string;
  kind: string;
  command: string;
  result: string;
}
export interface LabSessionChatRow {
  id: string;
  session_id: string;
  at: string;
  message: string;
}

export interface ChannelTable {
  id: string;
  name: string;
  description: string;
  auto_subscribe: number;
  created_at: string;
}
export interface ChannelLessonRow {
  channel_id: string;
  lesson_id: string;
}
export interface ChannelSubscriptionRow {
  school_id: string;
  channel_id: string;
  /** JSON arrays, or null for "all". */
  grades: string | null;
  languages: string | null;
  lesson_ids: string | null;
  updated_at: string;
}
/** What one school sees of one lesson, and the seq of the last change to that. */
export interface SchoolCatalogRow {
  school_id: string;
  lesson_id: string;
  visible: number;
  seq: number;
}
export interface SchoolCatalogStaleRow {
  school_id: string;
}

export interface StoreSchema {
  regions: RegionRow;
  schools: SchoolRow;
  labs: LabRow;
  enrolment_codes: EnrolmentCodeTable;
  devices: DeviceTable;
  users: UserTable;
  user_roles: UserRoleRow;
  sessions: SessionRow;
  lessons: LessonRow;
  lesson_resources: LessonResourceRow;
  catalog_seq: CatalogSeqRow;
  classes: ClassRow;
  class_members: ClassMemberRow;
  audit_events: AuditEventRow;
  lab_sessions: LabSessionTable;
  lab_session_commands: LabSessionCommandRow;
  lab_session_chat: LabSessionChatRow;
  channels: ChannelTable;
  channel_lessons: ChannelLessonRow;
  channel_subscriptions: ChannelSubscriptionRow;
  school_catalog: SchoolCatalogRow;
  school_catalog_stale: SchoolCatalogStaleRow;
}
