import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@sinif/shared';
import { useCreateLab, useLabs } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { mayInOwnSchool } from '../../permissions.ts';

export function LabsTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const labs = useLabs();
  const createLab = useCreateLab();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    createLab.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  }

  return (
    <div className="admin-section" data-testid="labs-tab">
      {mayInOwnSchool(user, 'lab.create') && (
        <form className="inline-form" onSubmit={submit}>
          <label>
            {t('admin.labs.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} data-testid="lab-name" />
          </label>
          <button type="submit" className="primary" disabled={createLab.isPending}>
            {t('admin.labs.create')}
          </button>
        </form>
      )}
      {createLab.data && (
        <p className="success" role="status">
          {t('admin.labs.created', { name: createLab.data.name })}
        </p>
      )}
      <ErrorMessage error={createLab.error ?? labs.error} />
      {labs.data?.labs.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="plain-list" data-testid="lab-list">
        {labs.data?.labs.map((lab) => (
          <li key={lab.id} data-testid="lab-item">
            {lab.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
