import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '@sinif/shared';
import { syncErrorText } from '../download-errors.ts';
import { errorCode } from '../errors.ts';
import { formatBytes, formatTime } from '../format.ts';
import { queryKeys, useStartSync, useSyncStatus } from '../queries.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

interface SyncPanelProps {
  initial: SyncStatus;
  online: boolean;
  /** Asked once on mount: true if this panel should start a sync by itself (once per sign-in). */
  claimAutoSync: () => boolean;
}

/** Sync button and progress; starts one sync by itself when the library opens online. */
export function SyncPanel({ initial, online, claimAutoSync }: SyncPanelProps) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { data: status = initial } = useSyncStatus(initial);
  const startSync = useStartSync();
  const autoStarted = useRef(false);
  const syncing = status.state === 'syncing' || startSync.isPending;

  useEffect(() => {
    // The ref survives StrictMode's double effect run; claimAutoSync survives remounts.
    if (autoStarted.current || !online || status.state === 'syncing') return;
    autoStarted.current = true;
    if (claimAutoSync()) startSync.mutate();
  }, [online, status.state, startSync, claimAutoSync]);

  // Lessons become "available offline" while files arrive, so refresh the list as progress moves.
  const progressKey = `${status.state}/${status.phase ?? ''}/${status.done}`;
  useEffect(() => {
    void client.invalidateQueries({ queryKey: ['library.list'] });
    // The library browser's pages (download badges) and, unless only files are arriving, its counts.
    void client.invalidateQueries({ queryKey: ['library.browse'] });
    if (status.phase !== 'content') void client.invalidateQueries({ queryKey: ['library.facets'] });
    if (status.state !== 'syncing') void client.invalidateQueries({ queryKey: queryKeys.appInfo });
  }, [progressKey, status.state, status.phase, client]);

  const syncError = startSync.error ?? (status.state === 'error' ? status.error : null);
  // Offline, the library screen already says the server is unreachable; do not say it twice.
  const shownError = !online && errorCode(syncError) === 'SERVER_UNREACHABLE' ? null : syncError;
  const language = i18n.resolvedLanguage ?? 'az';
  // Overall progress of the whole sync: bytes while files arrive, pages while the list updates.
  const [partDone, partTotal] = status.phase === 'content' && status.bytesTotal > 0 ? [status.bytesDone, status.bytesTotal] : [status.done, status.total];
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    partTotal > 0 ? Math.min(1, partDone / partTotal) : 0,
  );
  let headline: string;
  if (status.state === 'syncing') {
    headline =
      status.phase === 'catalog'
        ? t('sync.phaseCatalog', { done: status.done, total: status.total })
        : status.phase === 'content'
          ? t('sync.phaseContent', { done: status.done, total: status.total })
          : t('sync.syncing');
  } else if (status.state === 'error') {
    headline = t('sync.failed');
  } else if (status.lastSyncedAt) {
    headline = t('sync.lastSynced', { time: formatTime(status.lastSyncedAt, language) });
  } else {
    headline = t('sync.never');
  }

  return (
    <section className="sync-panel" data-testid="sync-status" data-state={status.state} aria-live="polite">
      <div className="sync-row">
        <span className="sync-headline">{headline}</span>
        <button type="button" onClick={() => startSync.mutate()} disabled={syncing}>
          {syncing ? t('sync.syncing') : t('sync.start')}
        </button>
      </div>
      {status.state === 'syncing' && (
        <div className="sync-progress">
          <progress
            aria-label={t('sync.progressLabel')}
            max={status.total || 1}
            value={status.total ? status.done : undefined}
          />
          <span className="sync-percent" data-testid="sync-percent">
            {percent}
          </span>
          {status.phase === 'content' && status.bytesTotal > 0 && (
            <span className="muted">
              {t('sync.bytes', {
                done: formatBytes(t, status.bytesDone, language),
                total: formatBytes(t, status.bytesTotal, language),
              })}
            </span>
          )}
        </div>
      )}
      {syncErrorText(t, shownError) === null ? (
        <ErrorMessage error={shownError} />
      ) : (
        <p className="error" role="alert" data-testid="error-message">
          {syncErrorText(t, shownError)}
        </p>
      )}
    </section>
  );
}
