/**
 * A library sync in its own process, for the SIGKILL reliability test:
 * `node sync-child.ts <json options>`. Opens a DesktopCore on the cache dir,
 * enrols and signs in when the cache has no session yet, syncs, and prints
 * one JSON line with what the cache then holds.
 */
import { DesktopCore } from '../../src/core/desktop-core.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  cacheDir: string;
  serverUrl: string;
  code: string;
  username: string;
  password: string;
  seatName: string;
};

const core = await DesktopCore.open({
  cacheDir: options.cacheDir,
  appVersion: '0.1.0-crash-test',
  blobUrlPrefix: '/blob/',
  requestTimeoutMs: 5_000,
  catalogPageSize: 100,
  logError: () => {},
  labPeers: { host: '127.0.0.1', minPeerBlobBytes: 0 },
});
const info = await core['app.info']({});
if (!info.seat) await core['device.enrol']({ serverUrl: options.serverUrl, code: options.code, seatName: options.seatName });
if (!info.user) await core['session.signIn']({ username: options.username, password: options.password });
await core['library.sync']({});
await core.syncSettled();
const status = await core['library.status']({});
const lessons = await core['library.list']({});
console.log(JSON.stringify({ state: status.state, error: status.error, lessons: lessons.length, offline: lessons.filter((l) => l.availableOffline).length }));
await core.close();
