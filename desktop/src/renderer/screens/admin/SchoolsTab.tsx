import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@sinif/shared';
import { useCreateSchool, useRegions, useSchools } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { mayInOwnSchool } from '../../permissions.ts';

/** Schools of a chosen region; the server lets a region admin act only in their own region. */
export function SchoolsTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const [picked, setPicked] = useState<string | null>(null);
  const regionId = picked ?? regions.data?.regions[0]?.id ?? null;
  const schools = useSchools(regionId);
  const create = useCreateSchool();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (regionId) create.mutate({ regionId, name: name.trim() }, { onSuccess: () => setName('') });
  }

  return (
    <div className="admin-section" data-testid="schools-tab">
      <div className="inline-form">
        <label>
          {t('admin.schools.region')}
          <select value={regionId ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="schools-region">
            {regions.data?.regions.map((region) => (
              <option key={region.id} value={region.id}>
                {region.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {regionId && mayInOwnSchool(user, 'school.create') && (
        <form className="inline-form" onSubmit={submit}>
          <label>
            {t('admin.schools.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('admin.schools.create')}
          </button>
        </form>
      )}
      <ErrorMessage error={create.error ?? schools.error ?? regions.error} />
      {schools.data?.schools.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="plain-list" data-testid="school-list">
        {schools.data?.schools.map((school) => (
          <li key={school.id} data-testid="school-item">
            {school.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
