import { useTranslation } from 'react-i18next';
import type { BandwidthCap } from '@sinif/shared';

/** The bandwidth cap in words: none, always, or in its window. */
export function CapSummary({ cap }: { cap: BandwidthCap }) {
  const { t } = useTranslation();
  let state: string;
  if (cap.kbps === null) state = t('settings.form.noCap');
  else if (cap.window === null) state = t('settings.form.capAlways', { kbps: cap.kbps });
  else {
    const key = cap.window.weekdaysOnly ? 'settings.form.capWindowWeekdays' : 'settings.form.capWindow';
    state = t(key, { kbps: cap.kbps, from: cap.window.from, to: cap.window.to });
  }
  return (
    <p className="muted" data-testid="cap-summary">
      {t('settings.form.current', { state })}
    </p>
  );
}
