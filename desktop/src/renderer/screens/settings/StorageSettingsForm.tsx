import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceSettings } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { useSaveSettings } from '../../settings-queries.ts';
import { changeOf, draftOf, kbpsLimits, quotaGbLimits, type SettingsDraft } from './settings-draft.ts';

interface StorageSettingsFormProps {
  /** Starts from these; remount (new key) after a save to start over from what was stored. */
  settings: DeviceSettings;
  /** Owned by the screen: its outcome must outlive the remount. */
  save: ReturnType<typeof useSaveSettings>;
}

/** Quota and bandwidth cap of this PC. */
export function StorageSettingsForm({ settings, save }: StorageSettingsFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const edit = (part: Partial<SettingsDraft>) => {
    save.reset();
    setDraft((current) => ({ ...current, ...part }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(changeOf(draft));
  }

  return (
    <form className="settings-form" onSubmit={submit} data-testid="settings-form">
      <label>
        {t('settings.form.quota')}
        <input
          type="number"
          inputMode="decimal"
          min={quotaGbLimits.min}
          max={quotaGbLimits.max}
          step="any"
          required
          value={draft.quotaGb}
          onChange={(e) => edit({ quotaGb: e.target.value })}
          data-testid="quota-gb"
        />
        <span className="hint">{t('settings.form.quotaHint')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.capOn} onChange={(e) => edit({ capOn: e.target.checked })} data-testid="cap-on" />
        {t('settings.form.capOn')}
      </label>
      <p className="hint">{t('settings.form.capHint')}</p>
      {draft.capOn && (
        <fieldset className="cap-fields">
          <label>
            {t('settings.form.kbps')}
            <input
              type="number"
              inputMode="numeric"
              min={kbpsLimits.min}
              max={kbpsLimits.max}
              step={1}
              required
              value={draft.kbps}
              onChange={(e) => edit({ kbps: e.target.value })}
              data-testid="cap-kbps"
            />
            <span className="hint">{t('settings.form.kbpsHint')}</span>
          </label>
          <fieldset className="cap-when">
            <legend>{t('settings.form.when')}</legend>
            <label className="check">
              <input type="radio" name="cap-when" checked={!draft.windowOn} onChange={() => edit({ windowOn: false })} data-testid="cap-always" />
              {t('settings.form.always')}
            </label>
            <label className="check">
              <input type="radio" name="cap-when" checked={draft.windowOn} onChange={() => edit({ windowOn: true })} data-testid="cap-window" />
              {t('settings.form.windowOnly')}
            </label>
            {draft.windowOn && (
              <div className="inline-form">
                <label>
                  {t('settings.form.from')}
                  <input type="time" required value={draft.from} onChange={(e) => edit({ from: e.target.value })} data-testid="cap-from" />
                </label>
                <label>
                  {t('settings.form.to')}
                  <input type="time" required value={draft.to} onChange={(e) => edit({ to: e.target.value })} data-testid="cap-to" />
                </label>
                <label className="check">
                  <input type="checkbox" checked={draft.weekdaysOnly} onChange={(e) => edit({ weekdaysOnly: e.target.checked })} />
                  {t('settings.form.weekdaysOnly')}
                </label>
              </div>
            )}
          </fieldset>
        </fieldset>
      )}
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={save.isPending} data-testid="settings-save">
          {save.isPending ? t('settings.form.saving') : t('settings.form.save')}
        </button>
        {save.isSuccess && (
          <span className="success" role="status">
            {t('settings.form.saved')}
          </span>
        )}
      </div>
      <ErrorMessage error={save.error} />
    </form>
  );
}
