// The device and session tokens never sit in cache.db in plain text when the
// host gives the core a key — also for a cache written by an older app.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CredentialSeal } from '../../../src/core/credentials/credential-seal.ts';
import { loadOrCreateKeyFile } from '../../../src/core/credentials/key-file.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores, dirs } = fixture;

function storedTokens(cacheDir: string): { device: string; session: string | undefined } {
  const db = new Database(join(cacheDir, 'cache.db'), { readonly: true });
  try {
    const device = db.prepare('SELECT device_token FROM device').get() as { device_token: string };
    const session = db.prepare('SELECT token FROM session').get() as { token: string } | undefined;
    return { device: device.device_token, session: session?.token };
  } finally {
    db.close();
  }
}

/** Every byte the cache has on disk: the database and its WAL/SHM files. */
async function cacheBytes(cacheDir: string): Promise<Buffer> {
  const names = (await readdir(cacheDir)).filter((name) => name.startsWith('cache.db'));
  return Buffer.concat(await Promise.all(names.map((name) => readFile(join(cacheDir, name)))));
}

describe('sealed credentials in the cache', () => {
  it('keeps the device and session tokens out of the raw cache.db bytes, and still signs in after a restart', async () => {
    const cacheDir = await dirs.make();
    const secretKey = randomBytes(32);
    const student = fixture.server.demo.students[0]!;
    const core = await cores.signedIn(student, 'PC-01', { cacheDir, secretKey });
    await core.close();
    cores.forget(core);

    const stored = storedTokens(cacheDir);
    expect(stored.device.startsWith('sealed:v1:')).toBe(true);
    expect(stored.session?.startsWith('sealed:v1:')).toBe(true);
    const seal = new CredentialSeal(secretKey);
    const bytes = await cacheBytes(cacheDir);
    expect(bytes.includes(seal.open(stored.device))).toBe(false);
    expect(bytes.includes(seal.open(stored.session!))).toBe(false);

    const reopened = await cores.open({ cacheDir, secretKey });
    const info = await reopened['app.info']({});
    expect(info.user?.username).toBe(student.username);
    // The sealed tokens still work against the server.
    await expect(reopened['library.sync']({})).resolves.toMatchObject({ state: expect.any(String) });
    await reopened.syncSettled();
    expect((await reopened['app.info']({})).sync.error).toBeNull();
  });

  it('seals a plain-text enrolment left by an older app when the cache is opened with a key', async () => {
    const cacheDir = await dirs.make();
    const student = fixture.server.demo.students[1]!;
    const old = await cores.signedIn(student, 'PC-02', { cacheDir });
    await old.close();
    cores.forget(old);
    const plain = storedTokens(cacheDir);
    expect(plain.device.startsWith('sealed:')).toBe(false);
    expect((await cacheBytes(cacheDir)).includes(plain.device)).toBe(true);

    const secretKey = await loadOrCreateKeyFile(join(cacheDir, 'credential.key'));
    const sealedCore = await cores.open({ cacheDir, secretKey });
    expect((await sealedCore['app.info']({})).seat?.seatName).toBe('PC-02');
    await sealedCore.close();
    cores.forget(sealedCore);

    const bytes = await cacheBytes(cacheDir);
    expect(bytes.includes(plain.device)).toBe(false);
    expect(bytes.includes(plain.session!)).toBe(false);
    expect(storedTokens(cacheDir).device.startsWith('sealed:v1:')).toBe(true);
  });

  it('treats tokens sealed with a lost key as absent: the PC asks to be enrolled again', async () => {
    const cacheDir = await dirs.make();
    const core = await cores.signedIn(fixture.server.demo.students[2]!, 'PC-03', { cacheDir, secretKey: randomBytes(32) });
    await core.close();
    cores.forget(core);
    const errors: string[] = [];
    const reopened = await cores.open({ cacheDir, secretKey: randomBytes(32), logError: (message) => errors.push(message) });
    const info = await reopened['app.info']({});
    expect(info.seat).toBeNull();
    expect(info.user).toBeNull();
    expect(errors.some((m) => m.includes('cannot be opened'))).toBe(true);
  });

  it('keeps the key file readable by the PC account only (0600) and reuses it', async () => {
    const path = join(await dirs.make(), 'keys', 'credential.key');
    const key = await loadOrCreateKeyFile(path);
    expect(key).toHaveLength(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateKeyFile(path)).equals(key)).toBe(true);
  });
});
