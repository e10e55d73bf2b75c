/**
 * A class roster from CSV becomes student accounts with one-time passwords,
 * all or nothing: every bad row is reported with its line, and if there is
 * any, nothing is written. The inserts run in one transaction, so a failure
 * midway (e.g. a username taken by a concurrent request) also leaves nothing.
 */
import { ErrorCode, ROSTER_MAX_ROWS, Username, DisplayName, checker, type ImportedStudent, type RosterRowProblem } from '@sinif/shared';
import type { Kysely } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { hashPassword } from '../auth/secrets.ts';
import { normalizeUsername } from '../auth/people.ts';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts';
import { initialPassword } from './initial-password.ts';
import { insertUser, usernameTaken } from './user-admin.ts';

const usernameChecker = checker(Username);
const displayNameChecker = checker(DisplayName);

interface RosterRow {
  line: number;
  username: string;
  displayName: string;
}

function refuse(problems: RosterRowProblem[]): ApiError {
  const shown = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join('; ');
  return new ApiError(422, ErrorCode.csvInvalid, `Nothing was imported; fix these rows: ${shown}${problems.length > 5 ? '; ...' : ''}`, undefined, {
    rows: problems,
  });
}

function columnsOf(header: CsvRecord): { username: number; displayName: number } {
  const names = header.fields.map((f) => f.trim().toLowerCase().replaceAll('_', ''));
  const unknown = names.filter((n) => n !== 'username' && n !== 'displayname');
  const username = names.indexOf('username');
  const displayName = names.indexOf('displayname');
  if (unknown.length > 0 || username < 0 || displayName < 0 || new Set(names).size !== names.length) {
    throw refuse([{ line: header.line, message: 'the header must name exactly the columns username and displayName' }]);
  }
  return { username, displayName };
}

/** Reads and checks every row; throws CSV_INVALID listing all bad rows. */
export async function readRoster(db: StoreDb, csv: string): Promise<RosterRow[]> {
  let records: CsvRecord[];
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw refuse([{ line: error.line, message: error.message }]);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw refuse([{ line: 1, message: 'the file is empty' }]);
  const columns = columnsOf(header);
  if (body.length === 0) throw refuse([{ line: header.line, message: 'there are no rows after the header' }]);
  if (body.length > ROSTER_MAX_ROWS) throw refuse([{ line: header.line, message: `at most ${ROSTER_MAX_ROWS} rows per import` }]);

  const problems: RosterRowProblem[] = [];
  const rows: RosterRow[] = [];
  const firstLine = new Map<string, number>();
  for (const record of body) {
    if (record.fields.length !== header.fields.length) {
      problems.push({ line: record.line, message: `expected ${header.fields.length} fields, found ${record.fields.length}` });
      continue;
    }
    const username = normalizeUsername(record.fields[columns.username] ?? '');
    const displayName = (record.fields[columns.displayName] ?? '').trim().normalize('NFC');
    if (!usernameChecker.check(username)) {
      problems.push({ line: record.line, column: 'username', message: 'username must be 2-64 letters, digits, dots, dashes or underscores' });
      continue;
    }
    if (!displayNameChecker.check(displayName)) {
      problems.push({ line: record.line, column: 'displayName', message: 'displayName must be 1-120 characters' });
      continue;
    }
    const seen = firstLine.get(username);
    if (seen !== undefined) {
      problems.push({ line: record.line, column: 'username', message: `username ${username} repeats line ${seen}` });
      continue;
    }
    firstLine.set(username, record.line);
    rows.push({ line: record.line, username, displayName });
  }
  const taken = await usernameTaken(db, rows.map((r) => r.username));
  for (const row of rows) {
    if (taken.has(row.username)) problems.push({ line: row.line, column: 'username', message: `username ${row.username} is already taken` });
  }
  if (problems.length > 0) throw refuse(problems.sort((a, b) => a.line - b.line));
  return rows;
}

export interface RosterImport {
  schoolId: string;
  classId?: string;
  csv: string;
}

/** Imports the roster; `audit` runs inside the same transaction. */
export async function importRoster(
  db: StoreDb,
  roster: RosterImport,
  audit: (trx: Kysely<StoreSchema>, imported: ImportedStudent[]) => Promise<void>,
): Promise<ImportedStudent[]> {
  const rows = await readRoster(db, roster.csv);
  const passwords = rows.map(() => initialPassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  return db.transaction().execute(async (trx) => {
    const imported: ImportedStudent[] = [];
    for (const [i, row] of rows.entries()) {
      const userId = await insertUser(trx, {
        schoolId: roster.schoolId,
        username: row.username,
        displayName: row.displayName,
        passwordHash: hashes[i]!,
        roles: ['student'],
        mustChangePassword: true,
      });
      if (roster.classId) await trx.insertInto('class_members').values({ class_id: roster.classId, user_id: userId, role: 'student' }).execute();
      imported.push({ line: row.line, userId, username: row.username, displayName: row.displayName, initialPassword: passwords[i]! });
    }
    await audit(trx, imported);
    return imported;
  });
}
