/**
 * The server's SQLite store: one file `<dataDir>/sinif.db`, opened with WAL (readers
 * never wait for the writer), foreign keys enforced, and a busy timeout so a
 * second process (a backup, a CLI) makes us wait instead of fail.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { AtomicMigrationsSqliteDialect } from './atomic-migrations.ts';
import type { StoreSchema } from './schema.ts';

export type StoreDb = Kysely<StoreSchema>;

const connections = new WeakMap<StoreDb, Database.Database>();

/**
 * The better-sqlite3 handle under a StoreDb, for a hot write where Kysely's
 * per-query compile and an await per statement cost more than the SQL (a
 * teacher's lab command is stored before thirty seats hear of it; see
 * server/bench/classroom.bench.ts). Only inside this call, which holds
 * Kysely's connection lock, so a raw transaction never interleaves with one
 * of Kysely's.
 */
export async function withStoreSqlite<T>(db: StoreDb, work: (sqlite: Database.Database) => T): Promise<T> {
  const sqlite = connections.get(db);
  if (!sqlite) throw new Error('not a store opened by openStore');
  return db.connection().execute(async () => work(sqlite));
}

export interface Store {
  db: StoreDb;
  file: string;
  close(): Promise<void>;
}

export function openStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'sinif.db');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // 64 MiB page cache (default 2 MiB): every PC of every school reads the
  // same recent feed pages, whose lessons lie all over a big catalog. With
  // the default, a page of 1,000 edited lessons was read from the file each
  // time (12–14 ms per request after the first); cached, 6 ms.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<StoreSchema>({ dialect: new AtomicMigrationsSqliteDialect({ database: sqlite }) });
  connections.set(db, sqlite);
  let closed = false;
  return {
    db,
    file,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
