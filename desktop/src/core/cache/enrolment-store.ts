import type { Seat, UserSummary } from '@sinif/shared';
import type { CacheDb } from './database.ts';

export interface Enrolment {
  serverUrl: string;
  deviceToken: string;
  seat: Seat;
}

export interface StoredSession {
  token: string;
  expiresAt: string;
  user: UserSummary;
}

/** The PC's enrolment and the signed-in user, persisted so a restart keeps both. */
export class EnrolmentStore {
  readonly #db: CacheDb;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  async enrolment(): Promise<Enrolment | null> {
    const row = await this.#db.selectFrom('device').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return null;
    return { serverUrl: row.server_url, deviceToken: row.device_token, seat: JSON.parse(row.seat_json) as Seat };
  }

  /** A new enrolment replaces the old one and ends any session made under it. */
  async saveEnrolment(enrolment: Enrolment): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('session').execute();
      await trx
        .insertInto('device')
        .values({
          id: 1,
          server_url: enrolment.serverUrl,
          device_token: enrolment.deviceToken,
          seat_json: JSON.stringify(enrolment.seat),
          enrolled_at: new Date().toISOString(),
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            server_url: eb.ref('excluded.server_url'),
            device_token: eb.ref('excluded.device_token'),
            seat_json: eb.ref('excluded.seat_json'),
            enrolled_at: eb.ref('excluded.enrolled_at'),
          })),
        )
        .execute();
    });
  }

  async session(): Promise<StoredSession | null> {
    const row = await this.#db.selectFrom('session').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return null;
    return { token: row.token, expiresAt: row.expires_at, user: JSON.parse(row.user_json) as UserSummary };
  }

  async saveSession(session: StoredSession): Promise<void> {
    await this.#db
      .insertInto('session')
      .values({ id: 1, token: session.token, expires_at: session.expiresAt, user_json: JSON.stringify(session.user) })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          token: eb.ref('excluded.token'),
          expires_at: eb.ref('excluded.expires_at'),
          user_json: eb.ref('excluded.user_json'),
        })),
      )
      .execute();
  }

  async clearSession(): Promise<void> {
    await this.#db.deleteFrom('session').execute();
  }
}
