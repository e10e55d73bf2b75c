import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, LabTargets, LabTeacherState, LabView, Seat, UserSummary } from '@sinif/shared';
import { useClasses } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SessionBar, type MainView } from '../../components/SessionBar.tsx';
import { useLabEnd, useLabStart } from '../../lab-queries.ts';
import { CommandBar } from './CommandBar.tsx';
import { CoTeachers, RunByNotice } from './CoTeachPanel.tsx';
import { SeatSelection } from './SeatSelection.tsx';
import { LabChat } from './LabChat.tsx';
import { ScreenGrid } from './ScreenGrid.tsx';
import { SeatMap } from './SeatMap.tsx';
import '../../lab.css';

interface LabSessionScreenProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  lab: LabView | undefined;
  view: { current: MainView; onChange: (view: MainView) => void; views?: readonly MainView[] };
}

/** The teacher console: start/end the session of this PC's lab, the seat map, commands, chat. */
export function LabSessionScreen({ info, lab, view }: LabSessionScreenProps) {
  const { t } = useTranslation();
  const start = useLabStart();
  const end = useLabEnd();
  const session = lab?.session?.view === 'teacher' ? lab.session : null;
  const runBy = session ? null : (lab?.runBy ?? null);
  const [classId, setClassId] = useState('');
  return (
    <>
      <SessionBar info={info} view={view} />
      <main className="lab-console" data-testid="lab-console">
        <div className="library-head">
          <h1>{t('lab.title')}</h1>
          {session ? (
            <button type="button" data-testid="lab-end" disabled={end.isPending} onClick={() => end.mutate()}>
              {t('lab.end')}
            </button>
          ) : (
            !runBy && (
              <div className="inline-form">
                <SessionClassPicker value={classId} onChange={setClassId} />
                <button type="button" data-testid="lab-start" disabled={start.isPending} onClick={() => start.mutate(classId ? { classId } : {})}>
                  {start.isPending ? t('lab.starting') : t('lab.start')}
                </button>
              </div>
            )
          )}
        </div>
        {lab && !lab.connected && <p className="notice">{t('lab.reconnecting')}</p>}
        <ErrorMessage error={start.error ?? end.error} />
        {session && <RunningSession session={session} lab={lab!} />}
        {runBy && <RunByNotice runBy={runBy} asked={lab?.joinAsked === true} />}
        {!session && !runBy && <p className="muted">{t('lab.none', { lab: info.seat.labName })}</p>}
      </main>
    </>
  );
}

/** The class a new session is for (optional): its students can then be selected at once. */
function SessionClassPicker({ value, onChange }: { value: string; onChange: (classId: string) => void }) {
  const { t } = useTranslation();
  const classes = useClasses();
  if (!classes.data?.classes.length) return null;
  return (
    <label>
      {t('lab.byClass.startClass')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="lab-start-class">
        <option value="">{t('lab.byClass.noClass')}</option>
        {classes.data.classes.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function RunningSession({ session, lab }: { session: LabTeacherState; lab: LabView }) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [onlyClass, setOnlyClass] = useState<string | null>(null);
  const [screens, setScreens] = useState(false);
  const shown = onlyClass ? session.seats.filter((seat) => seat.student !== null && seat.studentClassIds?.includes(onlyClass)) : session.seats;
  const known = shown.filter((seat) => selected.has(seat.deviceId)).map((seat) => seat.deviceId);
  // Nothing selected: the whole lab, or every seat shown when one class is shown.
  const everyShown = shown.map((seat) => seat.deviceId);
  const targets: LabTargets = known.length > 0 ? known : onlyClass ? everyShown : 'all';
  const toggle = (deviceId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(deviceId)) next.add(deviceId);
      return next;
    });
  const since = new Date(session.startedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const selection = (
    <SeatSelection
      session={session}
      selected={new Set(known)}
      onSelect={setSelected}
      onlyClass={onlyClass}
      onOnlyClass={setOnlyClass}
      targetCount={targets === 'all' ? session.seats.length : targets.length}
    />
  );
  return (
    <div className="lab-running" data-testid="lab-running" data-session-id={session.sessionId}>
      <p className="muted">{t('lab.running', { lab: session.labName, time: since })}</p>
      <CoTeachers session={session} />
      <CommandBar targets={targets} selection={selection} />
      <div className="inline-form">
        <h2>{t('lab.seats')}</h2>
        <button type="button" data-testid="lab-screens-toggle" aria-pressed={screens} onClick={() => setScreens((on) => !on)}>
          {screens ? t('lab.hideScreens') : t('lab.screens')}
        </button>
        {lab.lastCommand && (
          <span className="muted" data-testid="last-command" data-kind={lab.lastCommand.kind}>
            {t('lab.lastCommand', { kind: t(`lab.kinds.${lab.lastCommand.kind}`, { defaultValue: lab.lastCommand.kind }) })}
          </span>
        )}
      </div>
      {screens ? <ScreenGrid seats={shown} /> : <SeatMap seats={shown} selected={selected} onToggle={toggle} />}
      <LabChat messages={session.chat} to="class" />
    </div>
  );
}
