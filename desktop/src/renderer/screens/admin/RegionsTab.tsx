import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@sinif/shared';
import { useCreateRegion, useRegions } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { mayInOwnSchool } from '../../permissions.ts';

/** The regions (a region admin's view; school staff never see this tab). */
export function RegionsTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const create = useCreateRegion();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  }

  return (
    <div className="admin-section" data-testid="regions-tab">
      {mayInOwnSchool(user, 'region.create') && (
        <form className="inline-form" onSubmit={submit}>
          <label>
            {t('admin.regions.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('admin.regions.create')}
          </button>
        </form>
      )}
      <ErrorMessage error={create.error ?? regions.error} />
      {regions.data?.regions.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="plain-list" data-testid="region-list">
        {regions.data?.regions.map((region) => (
          <li key={region.id} data-testid="region-item">
            {region.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
