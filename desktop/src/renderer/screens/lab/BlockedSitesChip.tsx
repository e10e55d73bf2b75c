import { useTranslation } from 'react-i18next';
import type { LabSeat } from '@sinif/shared';

/** On a seat card: how many sites the student tried that the allowlist refused, and the last one. */
export function BlockedSitesChip({ seat }: { seat: LabSeat }) {
  const { t } = useTranslation();
  const count = seat.blockedSites ?? 0;
  if (count === 0) return null;
  const host = seat.lastBlockedSite?.host ?? '';
  return (
    <span className="chip warn" data-testid="seat-blocked" data-count={count} data-host={host} title={t('lab.allowlist.lastBlocked', { host })}>
      🚫 {t('lab.allowlist.blockedCount', { count })} · {host}
    </span>
  );
}
