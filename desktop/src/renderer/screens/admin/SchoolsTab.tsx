import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isPermitted } from '@sinif/shared';
import { useCreateSchool, useGrants, useRegions, useSchools } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** Schools of a region the person runs (by their grants; the server checks the same). */
export function SchoolsTab() {
  const { t } = useTranslation();
  const grants = useGrants().data?.grants ?? [];
  const regions = useRegions();
  const own = (regions.data?.regions ?? []).filter((r) => isPermitted(grants, 'school.list', { regionId: r.id }));
  const [picked, setPicked] = useState<string | null>(null);
  const regionId = own.find((r) => r.id === picked)?.id ?? own[0]?.id ?? null;
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
            {own.map((region) => (
              <option key={region.id} value={region.id}>
                {region.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {regionId && isPermitted(grants, 'school.create', { regionId }) && (
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
