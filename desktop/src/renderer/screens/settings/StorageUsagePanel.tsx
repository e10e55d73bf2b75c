import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatBytes } from '../../format.ts';
import { useStorageUsage } from '../../settings-queries.ts';

/** Below this the core stops downloading anyway (BlobQuota keeps 1 GiB free): say so before it happens. */
const LOW_DISK_BYTES = 1024 ** 3;

/** Used / quota as a bar, with files, pinned bytes and free disk. */
export function StorageUsagePanel() {
  const { t, i18n } = useTranslation();
  const usage = useStorageUsage();
  const language = i18n.resolvedLanguage ?? 'az';
  const bytes = (n: number) => formatBytes(t, n, language);
  if (!usage.data) return usage.isError ? <ErrorMessage error={usage.error} /> : <p className="muted">{t('app.loading')}</p>;
  const { usedBytes, quotaBytes, freeDiskBytes, blobCount, pinnedBytes } = usage.data;
  return (
    <section className="settings-card" data-testid="storage-usage" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('settings.storage.title')}</h2>
      <p>{t('settings.storage.used', { used: bytes(usedBytes), quota: bytes(quotaBytes) })}</p>
      <progress className="storage-bar" aria-label={t('settings.storage.usageLabel')} max={Math.max(quotaBytes, 1)} value={Math.min(usedBytes, quotaBytes)} />
      <dl className="storage-figures">
        <dt>{t('settings.storage.files')}</dt>
        <dd data-testid="storage-files">{new Intl.NumberFormat(language).format(blobCount)}</dd>
        <dt>{t('settings.storage.pinned')}</dt>
        <dd data-testid="storage-pinned">{bytes(pinnedBytes)}</dd>
        <dt>{t('settings.storage.freeDisk')}</dt>
        <dd data-testid="storage-free">{bytes(freeDiskBytes)}</dd>
      </dl>
      {freeDiskBytes < LOW_DISK_BYTES && (
        <p className="notice" role="status">
          {t('settings.storage.lowDisk')}
        </p>
      )}
    </section>
  );
}
