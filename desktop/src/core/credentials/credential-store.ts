/**
 * The PC's enrolment and the signed-in session as the core uses them: the
 * cache's EnrolmentStore underneath, with both tokens sealed at rest when the
 * host gave the core a key. A stored token that no longer opens (the key was
 * lost) counts as absent: the PC is enrolled or signed in again, never stuck.
 */
import { sql } from 'kysely';
import type { CacheDb } from '../cache/database.ts';
import { EnrolmentStore, type Enrolment, type StoredSession } from '../cache/enrolment-store.ts';
import { CredentialSeal } from './credential-seal.ts';

export class CredentialStore {
  readonly #db: CacheDb;
  readonly #rows: EnrolmentStore;
  readonly #seal: CredentialSeal | null;
  readonly #logError: (message: string, error: unknown) => void;

  constructor(db: CacheDb, seal: CredentialSeal | null, logError: (message: string, error: unknown) => void) {
    this.#db = db;
    this.#rows = new EnrolmentStore(db);
    this.#seal = seal;
    this.#logError = logError;
  }

  async enrolment(): Promise<Enrolment | null> {
    const stored = await this.#rows.enrolment();
    if (!stored) return null;
    const deviceToken = this.#open(stored.deviceToken, 'device token');
    return deviceToken === null ? null : { ...stored, deviceToken };
  }

  async saveEnrolment(enrolment: Enrolment): Promise<void> {
    await this.#rows.saveEnrolment({ ...enrolment, deviceToken: this.#sealed(enrolment.deviceToken) });
  }

  async session(): Promise<StoredSession | null> {
    const stored = await this.#rows.session();
    if (!stored) return null;
    const token = this.#open(stored.token, 'session token');
    return token === null ? null : { ...stored, token };
  }

  async saveSession(session: StoredSession): Promise<void> {
    await this.#rows.saveSession({ ...session, token: this.#sealed(session.token) });
  }

  async clearSession(): Promise<void> {
    await this.#rows.clearSession();
  }

  /** The PC was revoked: drop its enrolment and any session, so it must be enrolled again. */
  async forgetEnrolment(): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('session').execute();
      await trx.deleteFrom('device').execute();
    });
  }

  /**
   * Seals tokens stored in plain text by an app from before sealing. Freed
   * pages are zeroed and the WAL truncated so the old bytes leave the disk.
   */
  async sealPlaintextRows(): Promise<boolean> {
    const seal = this.#seal;
    if (!seal) return false;
    const device = await this.#db.selectFrom('device').select(['id', 'device_token']).execute();
    const sessions = await this.#db.selectFrom('session').select(['id', 'token']).execute();
    const plainDevices = device.filter((row) => !CredentialSeal.isSealed(row.device_token));
    const plainSessions = sessions.filter((row) => !CredentialSeal.isSealed(row.token));
    if (plainDevices.length === 0 && plainSessions.length === 0) return false;
    await sql`PRAGMA secure_delete = ON`.execute(this.#db);
    await this.#db.transaction().execute(async (trx) => {
      for (const row of plainDevices) {
        await trx.updateTable('device').set({ device_token: seal.seal(row.device_token) }).where('id', '=', row.id).execute();
      }
      for (const row of plainSessions) {
        await trx.updateTable('session').set({ token: seal.seal(row.token) }).where('id', '=', row.id).execute();
      }
    });
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.#db);
    // Zeroing every freed page costs the sync writer; only this one rewrite needs it.
    await sql`PRAGMA secure_delete = OFF`.execute(this.#db);
    return true;
  }

  #sealed(token: string): string {
    return this.#seal ? this.#seal.seal(token) : token;
  }

  #open(stored: string, what: string): string | null {
    if (!CredentialSeal.isSealed(stored)) {
      // Plain text is what a core without a key writes (tests, old caches before sealPlaintextRows ran).
      return stored;
    }
    if (!this.#seal) {
      this.#logError(`the stored ${what} is sealed but the app has no key; treating it as absent`, null);
      return null;
    }
    try {
      return this.#seal.open(stored);
    } catch (error) {
      this.#logError(`the stored ${what} cannot be opened (credential key changed?); treating it as absent`, error);
      return null;
    }
  }
}
