import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchoolClass } from '@sinif/shared';
import { useAddClassMembers, useClassMembers, useUsers } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** The members of one class, and (for those who may) adding a student of the school to it. */
export function ClassMembers({ schoolClass, mayAdd }: { schoolClass: SchoolClass; mayAdd: boolean }) {
  const { t } = useTranslation();
  const members = useClassMembers(schoolClass.id);

  return (
    <section className="admin-section" aria-label={t('admin.classes.membersOf', { name: schoolClass.name })} data-testid="class-members">
      <h2>{t('admin.classes.membersOf', { name: schoolClass.name })}</h2>
      {mayAdd && <AddStudentForm classId={schoolClass.id} memberIds={members.data?.members.map((m) => m.userId) ?? []} />}
      <ErrorMessage error={members.error} />
      {members.data?.members.length === 0 && <p className="muted">{t('admin.classes.noMembers')}</p>}
      <ul className="plain-list">
        {members.data?.members.map((member) => (
          <li key={member.userId} data-testid="class-member">
            {member.displayName} <span className="muted">({member.username} · {t(`admin.users.roleNames.${member.role}`)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AddStudentForm({ classId, memberIds }: { classId: string; memberIds: string[] }) {
  const { t } = useTranslation();
  const users = useUsers();
  const add = useAddClassMembers();
  const candidates = (users.data?.users ?? []).filter((u) => u.roles.includes('student') && !u.disabled && !memberIds.includes(u.id));
  const [userId, setUserId] = useState('');
  const chosen = candidates.some((u) => u.id === userId) ? userId : (candidates[0]?.id ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen) add.mutate({ classId, members: [{ userId: chosen, role: 'student' }] });
  }

  if (users.data && candidates.length === 0) return <p className="muted">{t('admin.classes.noCandidates')}</p>;
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('admin.classes.student')}
        <select value={chosen} onChange={(e) => setUserId(e.target.value)} data-testid="class-add-student">
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({u.username})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={add.isPending || !chosen}>
        {t('admin.classes.add')}
      </button>
      <ErrorMessage error={add.error ?? users.error} />
    </form>
  );
}
