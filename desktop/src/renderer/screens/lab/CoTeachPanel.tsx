import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabRunBy, LabTeacherState } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useCoTeachers, useLabAskToJoin, useLabInvite } from '../../lab-team-queries.ts';

function timeOf(iso: string | undefined, language: string): string {
  return iso ? new Date(iso).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' }) : '';
}

/** A teacher who opens the lab while someone else runs it: who, since when, and a way to ask in. */
export function RunByNotice({ runBy, asked }: { runBy: LabRunBy; asked: boolean }) {
  const { t, i18n } = useTranslation();
  const ask = useLabAskToJoin();
  const others = runBy.teachers.filter((teacher) => teacher.userId !== runBy.startedBy.userId);
  return (
    <section className="notice" data-testid="lab-run-by" data-session-id={runBy.sessionId}>
      <p>{t('lab.coTeach.runBy', { name: runBy.startedBy.displayName, lab: runBy.labName ?? '', time: timeOf(runBy.startedAt, i18n.language) })}</p>
      {others.length > 0 && <p className="muted">{t('lab.coTeach.teachers', { names: runBy.teachers.map((teacher) => teacher.displayName).join(', ') })}</p>}
      {asked ? (
        <p role="status" data-testid="lab-join-asked">
          {t('lab.coTeach.asked')}
        </p>
      ) : (
        <button type="button" data-testid="lab-ask-join" disabled={ask.isPending} onClick={() => ask.mutate(undefined)}>
          {t('lab.coTeach.askToJoin')}
        </button>
      )}
      <ErrorMessage error={ask.error} />
    </section>
  );
}

/** The session's teachers: open asks to join, and inviting anyone of the school who may teach here. */
export function CoTeachers({ session }: { session: LabTeacherState }) {
  const { t, i18n } = useTranslation();
  const invite = useLabInvite();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState('');
  const people = useCoTeachers(open);
  const asks = session.joinAsks ?? [];
  const candidates = (people.data?.teachers ?? []).filter((person) => !person.inSession);
  const pick = chosen || candidates[0]?.userId || '';
  return (
    <section className="lab-co-teachers" data-testid="co-teachers">
      {asks.length > 0 && (
        <div className="notice" role="status">
          <strong>{t('lab.coTeach.asks')}</strong>
          <ul>
            {asks.map((ask) => (
              <li key={ask.userId} data-testid="join-ask" data-user-id={ask.userId}>
                {t('lab.coTeach.askFrom', { name: ask.displayName, time: timeOf(ask.at, i18n.language) })}{' '}
                <button type="button" data-testid="invite-ask" disabled={invite.isPending} onClick={() => invite.mutate(ask.userId)}>
                  {t('lab.coTeach.invite')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary data-testid="invite-open">{t('lab.coTeach.inviteTitle')}</summary>
        {people.data && candidates.length === 0 && <p className="muted">{t('lab.coTeach.inviteNone')}</p>}
        {candidates.length > 0 && (
          <div className="inline-form">
            <label>
              {t('lab.coTeach.chooseTeacher')}
              <select value={pick} onChange={(e) => setChosen(e.target.value)} data-testid="invite-select">
                {candidates.map((person) => (
                  <option key={person.userId} value={person.userId}>
                    {person.displayName}
                    {person.online ? ` · ${t('lab.coTeach.online')}` : ''}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" data-testid="invite-send" disabled={!pick || invite.isPending} onClick={() => invite.mutate(pick, { onSuccess: () => setChosen('') })}>
              {t('lab.coTeach.invite')}
            </button>
          </div>
        )}
        <p className="muted">
          {session.teachers.map((teacher) => `${teacher.displayName}${teacher.online ? ` · ${t('lab.coTeach.online')}` : ''}`).join(', ')} ({t('lab.coTeach.inSession')})
        </p>
      </details>
      <ErrorMessage error={invite.error ?? people.error} />
    </section>
  );
}
