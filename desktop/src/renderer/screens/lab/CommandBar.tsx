import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostArgs, LabTargets } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLabCommand } from '../../lab-queries.ts';
import { AllowlistForm } from './AllowlistForm.tsx';
import { LessonPicker } from './LessonPicker.tsx';

type Command = HostArgs<'lab.command'>['command'];

/** The teacher's commands, to the selected seats or (none selected) the whole lab; `selection` picks the seats. */
export function CommandBar({ targets, selection }: { targets: LabTargets; selection?: ReactNode }) {
  const { t } = useTranslation();
  const command = useLabCommand();
  const [lockMessage, setLockMessage] = useState('');
  const [lessonId, setLessonId] = useState('');
  const [text, setText] = useState('');
  const [site, setSite] = useState('');
  const send = (body: Command, onSuccess?: () => void) => command.mutate({ targets, command: body }, { onSuccess });
  const chosenLesson = lessonId;

  return (
    <section className="lab-commands" data-testid="lab-commands">
      {selection}
      <div className="inline-form">
        <label>
          {t('lab.lockMessage')}
          <input value={lockMessage} maxLength={500} onChange={(e) => setLockMessage(e.target.value)} data-testid="lock-message-input" />
        </label>
        <button type="button" data-testid="cmd-lock" onClick={() => send({ kind: 'lock', message: lockMessage.trim() || null })}>
          🔒 {t('lab.lock')}
        </button>
        <button type="button" data-testid="cmd-eyes" onClick={() => send({ kind: 'eyesOnTeacher', message: lockMessage.trim() || null })}>
          👀 {t('lab.eyesOnTeacher')}
        </button>
        <button type="button" data-testid="cmd-unlock" onClick={() => send({ kind: 'unlock' })}>
          🔓 {t('lab.unlock')}
        </button>
      </div>
      <div className="inline-form">
        <LessonPicker value={lessonId} onChange={setLessonId} />
        <button type="button" data-testid="cmd-push-lesson" disabled={!chosenLesson} onClick={() => send({ kind: 'pushLesson', lessonId: chosenLesson })}>
          📖 {t('lab.pushLesson')}
        </button>
        <button type="button" data-testid="cmd-close-lesson" onClick={() => send({ kind: 'pushLesson', lessonId: null })}>
          {t('lab.closeLesson')}
        </button>
      </div>
      <div className="inline-form">
        <label>
          {t('lab.messageText')}
          <input value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} data-testid="message-input" />
        </label>
        <button type="button" data-testid="cmd-message" disabled={!text.trim()} onClick={() => send({ kind: 'message', text: text.trim() }, () => setText(''))}>
          {t('lab.message')}
        </button>
        <label>
          {t('lab.siteUrl')}
          <input type="url" value={site} maxLength={2000} placeholder="https://" onChange={(e) => setSite(e.target.value)} data-testid="site-input" />
        </label>
        <button type="button" data-testid="cmd-site" disabled={!/^https?:\/\/\S/.test(site)} onClick={() => send({ kind: 'pushSite', url: site.trim() })}>
          {t('lab.pushSite')}
        </button>
      </div>
      <AllowlistForm targets={targets} />
      <ErrorMessage error={command.error} />
    </section>
  );
}
