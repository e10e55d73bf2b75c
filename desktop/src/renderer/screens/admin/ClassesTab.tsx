import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@sinif/shared';
import { useClasses, useCreateClass } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { mayInOwnSchool } from '../../permissions.ts';
import { ClassMembers } from './ClassMembers.tsx';

/** Classes of the school with their member counts; one at a time opens to show and add members. */
export function ClassesTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const classes = useClasses();
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = classes.data?.classes.find((c) => c.id === openId) ?? null;

  return (
    <div className="admin-section" data-testid="classes-tab">
      {mayInOwnSchool(user, 'class.create') && <NewClassForm />}
      <ErrorMessage error={classes.error} />
      {classes.data?.classes.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      {classes.data && classes.data.classes.length > 0 && (
        <table className="admin-table" data-testid="class-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.classes.name')}</th>
              <th scope="col">{t('admin.classes.students')}</th>
              <th scope="col">{t('admin.classes.teachers')}</th>
              <th scope="col" className="visually-hidden">
                {t('admin.classes.members')}
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.data.classes.map((schoolClass) => (
              <tr key={schoolClass.id} data-testid="class-row" data-class={schoolClass.name}>
                <td>{schoolClass.name}</td>
                <td data-testid="class-student-count">{schoolClass.studentCount}</td>
                <td>{schoolClass.teacherCount}</td>
                <td>
                  <button type="button" aria-pressed={openId === schoolClass.id} onClick={() => setOpenId(schoolClass.id)}>
                    {t('admin.classes.members')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && <ClassMembers key={opened.id} schoolClass={opened} mayAdd={mayInOwnSchool(user, 'class.manageMembers')} />}
    </div>
  );
}

function NewClassForm() {
  const { t } = useTranslation();
  const create = useCreateClass();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('admin.classes.newName')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('admin.classes.create')}
      </button>
      <ErrorMessage error={create.error} />
    </form>
  );
}
