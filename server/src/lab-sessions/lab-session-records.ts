/**
 * Lab sessions in SQLite. The session row's `state` JSON is rewritten whole
 * on every change (it is a few KB for a 30-seat lab, one statement), so
 * reloading after a restart is one read per session and never replays a log.
 */
import { sql } from 'kysely';
import type { LabChatMessage, LabCommandResult, LabPerson } from '@sinif/shared';
import type Database from 'better-sqlite3';
import { withStoreSqlite, type StoreDb } from '../db/store.ts';
import { emptyDirectives } from './seat-directives.ts';
import type { LabSeatRecord, LabSession, LabSessionInit, PersistedLabState } from './lab-session.ts';
import { CHAT_HISTORY } from './lab-session.ts';

export interface LabFacts {
  labId: string;
  labName: string;
  schoolId: string;
  regionId: string;
}

export async function loadLabFacts(db: StoreDb, labId: string): Promise<LabFacts | undefined> {
  return db
    .selectFrom('labs')
    .innerJoin('schools', 'schools.id', 'labs.school_id')
    .select(['labs.id as labId', 'labs.name as labName', 'labs.school_id as schoolId', 'schools.region_id as regionId'])
    .where('labs.id', '=', labId)
    .executeTakeFirst();
}

export type SeatFacts = Pick<LabSeatRecord, 'deviceId' | 'seatName' | 'x' | 'y' | 'appVersion'> & { labId: string };

const seatColumns = ['id as deviceId', 'lab_id as labId', 'seat_name as seatName', 'seat_x as x', 'seat_y as y', 'app_version as appVersion'] as const;

/** The enrolled (not revoked) PCs of a lab, in seat-name order. */
export async function loadLabSeats(db: StoreDb, labId: string): Promise<SeatFacts[]> {
  return db.selectFrom('devices').select(seatColumns).where('lab_id', '=', labId).where('revoked_at', 'is', null).orderBy('seat_name').execute();
}

export async function loadSeat(db: StoreDb, deviceId: string): Promise<SeatFacts | undefined> {
  return db.selectFrom('devices').select(seatColumns).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
}

export function seatRecord(facts: SeatFacts, directives = emptyDirectives(), revision = 0): LabSeatRecord {
  const { labId: _labId, ...seat } = facts;
  return { ...seat, directives, handRaised: false, lastDelivery: null, lastKind: null, revision, messages: [] };
}

/** False when the lab already has an active session (the partial unique index said no). */
export async function insertSession(db: StoreDb, session: LabSession): Promise<boolean> {
  try {
    await db
      .insertInto('lab_sessions')
      .values({
        id: session.id,
        lab_id: session.labId,
        class_id: session.classId,
        started_by: session.startedBy.userId,
        started_at: session.startedAt,
        ended_at: null,
        end_reason: null,
        state: JSON.stringify(session.persisted()),
        updated_at: session.startedAt,
      })
      .execute();
    return true;
  } catch (error) {
    if (error instanceof Error && /UNIQUE/.test(error.message)) return false;
    throw error;
  }
}

export async function saveState(db: StoreDb, session: LabSession, now = new Date()): Promise<void> {
  await db.updateTable('lab_sessions').set({ state: JSON.stringify(session.persisted()), updated_at: now.toISOString() }).where('id', '=', session.id).execute();
}

type SaveCommand = (sessionId: string, state: string, now: string, row: (string | null)[]) => void;
const commandSavers = new WeakMap<Database.Database, SaveCommand>();

function commandSaver(sqlite: Database.Database): SaveCommand {
  let save = commandSavers.get(sqlite);
  if (!save) {
    const updateState = sqlite.prepare<[string, string, string]>('UPDATE lab_sessions SET state = ?, updated_at = ? WHERE id = ?');
    const insertCommand = sqlite.prepare<(string | null)[]>(
      `INSERT INTO lab_session_commands (session_id, command_id, issued_by, issued_at, kind, command, result) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    save = sqlite.transaction((sessionId: string, state: string, now: string, row: (string | null)[]) => {
      updateState.run(state, now, sessionId);
      insertCommand.run(...row);
    });
    commandSavers.set(sqlite, save);
  }
  return save;
}

/**
 * The new state and the command id in one transaction: a command is either
 * applied and remembered, or neither. Straight through better-sqlite3 (see
 * withStoreSqlite): it is on the path from a teacher's click to every seat.
 */
export async function saveCommand(
  db: StoreDb,
  session: LabSession,
  command: { id: string; kind: string; issuedBy: string; body: unknown; result: LabCommandResult },
  now = new Date(),
): Promise<void> {
  const state = JSON.stringify(session.persisted());
  const at = now.toISOString();
  await withStoreSqlite(db, (sqlite) =>
    commandSaver(sqlite)(session.id, state, at, [session.id, command.id, command.issuedBy, at, command.kind, JSON.stringify(command.body), JSON.stringify(command.result)]),
  );
}

export async function appendChat(db: StoreDb, message: LabChatMessage): Promise<void> {
  await db.insertInto('lab_session_chat').values({ id: message.id, session_id: message.sessionId, at: message.at, message: JSON.stringify(message) }).execute();
}

export async function markEnded(db: StoreDb, sessionId: string, reason: string, now = new Date()): Promise<void> {
  await db.updateTable('lab_sessions').set({ ended_at: now.toISOString(), end_reason: reason, updated_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

export interface StoredLabSession {
  init: LabSessionInit;
  state: PersistedLabState;
  commands: { id: string; result: LabCommandResult }[];
  chat: LabChatMessage[];
}

/** Every active session with what it needs to resume: state, applied command ids, recent chat. */
export async function loadActiveSessions(db: StoreDb): Promise<StoredLabSession[]> {
  const rows = await db
    .selectFrom('lab_sessions')
    .innerJoin('labs', 'labs.id', 'lab_sessions.lab_id')
    .innerJoin('schools', 'schools.id', 'labs.school_id')
    .innerJoin('users', 'users.id', 'lab_sessions.started_by')
    .select([
      'lab_sessions.id as id',
      'lab_sessions.lab_id as labId',
      'labs.name as labName',
      'labs.school_id as schoolId',
      'schools.region_id as regionId',
      'lab_sessions.class_id as classId',
      'lab_sessions.started_at as startedAt',
      'lab_sessions.started_by as startedById',
      'users.display_name as startedByName',
      'lab_sessions.state as state',
    ])
    .where('lab_sessions.ended_at', 'is', null)
    .execute();
  const sessions: StoredLabSession[] = [];
  for (const row of rows) {
    const commands = await db.selectFrom('lab_session_commands').select(['command_id', 'result']).where('session_id', '=', row.id).execute();
    const chat = await db.selectFrom('lab_session_chat').select('message').where('session_id', '=', row.id).orderBy(sql`rowid`, 'desc').limit(CHAT_HISTORY).execute();
    const startedBy: LabPerson = { userId: row.startedById, displayName: row.startedByName };
    sessions.push({
      init: { id: row.id, labId: row.labId, labName: row.labName, schoolId: row.schoolId, regionId: row.regionId, classId: row.classId, startedAt: row.startedAt, startedBy },
      state: JSON.parse(row.state) as PersistedLabState,
      commands: commands.map((c) => ({ id: c.command_id, result: JSON.parse(c.result) as LabCommandResult })),
      chat: chat.map((c) => JSON.parse(c.message) as LabChatMessage).reverse(),
    });
  }
  return sessions;
}
