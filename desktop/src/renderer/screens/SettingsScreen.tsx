import { useTranslation } from 'react-i18next';
import { mayChangeDeviceSettings, type AppInfo, type Seat, type UserSummary } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SessionBar, type MainView } from '../components/SessionBar.tsx';
import { useDeviceSettings, useSaveSettings } from '../settings-queries.ts';
import { CapSummary } from './settings/CapSummary.tsx';
import { StorageSettingsForm } from './settings/StorageSettingsForm.tsx';
import { StorageUsagePanel } from './settings/StorageUsagePanel.tsx';
import '../settings.css';

interface SettingsScreenProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  view: { current: MainView; onChange: (view: MainView) => void; views?: readonly MainView[] };
}

/** This PC's lesson storage (how full, how much disk is left) and, for teachers and IT staff, its quota and download cap. */
export function SettingsScreen({ info, view }: SettingsScreenProps) {
  const { t } = useTranslation();
  const settings = useDeviceSettings();
  const save = useSaveSettings();
  const mayChange = mayChangeDeviceSettings(info.user, info.seat);
  return (
    <>
      <SessionBar info={info} view={view} />
      <main className="settings" data-testid="settings-screen">
        <h1>{t('settings.title')}</h1>
        <StorageUsagePanel />
        <section className="settings-card" aria-labelledby="settings-form-title">
          <h2 id="settings-form-title">{t('settings.form.title')}</h2>
          <ErrorMessage error={settings.error} />
          {settings.data && <CapSummary cap={settings.data.bandwidth} />}
          {settings.data && mayChange && <StorageSettingsForm key={JSON.stringify(settings.data)} settings={settings.data} save={save} />}
          {!mayChange && <p className="muted">{t('settings.form.readOnly')}</p>}
        </section>
      </main>
    </>
  );
}
