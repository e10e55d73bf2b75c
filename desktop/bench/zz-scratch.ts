import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadConfig, startServer } from '@sinif/server';
import { openStore } from '../../server/src/db/store.ts';
import { catalogChangesAfter } from '../../server/src/catalog/catalog-feed.ts';
import { ServerClient } from '../src/core/server-client.ts';
import { insertIntoServerCatalog, syntheticCatalog } from './library-catalog.ts';
if (!isMainThread) {
  const server = await startServer(loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, dataDir: workerData as string, logLevel: 'silent' } }));
  parentPort!.on('message', () => void server.close().then(() => parentPort!.close()));
  parentPort!.postMessage({ url: server.url, code: server.demo!.enrolmentCode, u: server.demo!.students[0]! });
} else {
  const work = mkdtempSync(join(tmpdir(), 'scratch-'));
  const worker = new Worker(new URL(import.meta.url), { workerData: join(work, 'server') });
  const ready = await new Promise<any>((r) => worker.once('message', r));
  insertIntoServerCatalog(join(work, 'server', 'sinif.db'), syntheticCatalog(100_000));
  const store = openStore(join(work, 'server'));
  let t = performance.now();
  let after = 0; let n = 0;
  for (;;) { const p = await catalogChangesAfter(store.db, after, 1000); n++; after = Number(p.cursor); if (!p.hasMore) break; }
  console.log('server feed reads only (this thread)', Math.round(performance.now() - t), n);
  const client = new ServerClient({ timeoutMs: 60000 });
  const e = await client.enrol(ready.url, { code: ready.code, seatName: 'X', os: 'linux', appVersion: 'x' });
  const s = await client.signIn(ready.url, e.deviceToken, { username: ready.u.username, password: ready.u.password });
  const auth = { serverUrl: ready.url, deviceToken: e.deviceToken, token: s.token };
  for (const mode of ['client', 'raw']) {
    t = performance.now(); let cursor: string | null = null; let bytes = 0;
    for (;;) {
      if (mode === 'client') { const p = await client.catalogChanges(auth, cursor, 1000); cursor = p.cursor; if (!p.hasMore) break; }
      else { const res = await fetch(`${ready.url}/api/v1/catalog/changes?limit=1000${cursor ? `&after=${cursor}` : ''}`, { headers: { authorization: `Bearer ${auth.token}`, 'x-sinif-device': auth.deviceToken } }); const txt = await res.text(); bytes += txt.length; const p = JSON.parse(txt); cursor = p.cursor; if (!p.hasMore) break; }
    }
    console.log(mode, 'fetch all pages', Math.round(performance.now() - t), bytes);
  }
  const { upsertLesson } = await import('../../server/src/catalog/catalog-writer.ts');
  const all = syntheticCatalog(100_000);
  const last = after;
  for (let i = 0; i < 1000; i++) await upsertLesson(store.db, { ...all[i * 97]!, title: 'x ' + i });
  for (let k = 0; k < 3; k++) {
    t = performance.now(); const p = await catalogChangesAfter(store.db, last, 1000); const a = performance.now() - t;
    t = performance.now(); const q = await client.catalogChanges(auth, String(last), 1000); console.log('inc server read', Math.round(a), 'http+client', Math.round(performance.now() - t), p.changes.length, q.changes.length);
  }
  worker.postMessage('close'); await new Promise((r) => worker.once('exit', r)); await store.close(); rmSync(work, { recursive: true });
}
