export { DesktopCore, type DesktopCoreOptions, type ServableBlob } from './desktop-core.ts';
export { CacheSchemaTooNewError, CacheMigrationError } from './cache/migrate.ts';
export { startCoreWorker, coreWorkerEntry, CoreWorkerStartError, type CoreWorker, type CoreWorkerOptions } from './worker/start-core-worker.ts';
