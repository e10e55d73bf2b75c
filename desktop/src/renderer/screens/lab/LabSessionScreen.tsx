import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, LabTeacherState, LabView, Seat, UserSummary } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SessionBar, type MainView } from '../../components/SessionBar.tsx';
import { useLabEnd, useLabStart } from '../../lab-queries.ts';
import { CommandBar } from './CommandBar.tsx';
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
            <button type="button" data-testid="lab-start" disabled={start.isPending} onClick={() => start.mutate()}>
              {start.isPending ? t('lab.starting') : t('lab.start')}
            </button>
          )}
        </div>
        {lab && !lab.connected && <p className="notice">{t('lab.reconnecting')}</p>}
        <ErrorMessage error={start.error ?? end.error} />
        {session ? <RunningSession session={session} lab={lab!} /> : <p className="muted">{t('lab.none', { lab: info.seat.labName })}</p>}
      </main>
    </>
  );
}

function RunningSession({ session, lab }: { session: LabTeacherState; lab: LabView }) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [screens, setScreens] = useState(false);
  const known = session.seats.filter((seat) => selected.has(seat.deviceId)).map((seat) => seat.deviceId);
  const toggle = (deviceId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(deviceId)) next.add(deviceId);
      return next;
    });
  const since = new Date(session.startedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="lab-running" data-testid="lab-running" data-session-id={session.sessionId}>
      <p className="muted">{t('lab.running', { lab: session.labName, time: since })}</p>
      <CommandBar targets={known.length > 0 ? known : 'all'} />
      <div className="inline-form">
        <h2>{t('lab.seats')}</h2>
        <button type="button" onClick={() => setSelected(new Set(session.seats.map((s) => s.deviceId)))}>
          {t('lab.selectAll')}
        </button>
        <button type="button" onClick={() => setSelected(new Set())}>
          {t('lab.selectNone')}
        </button>
        <span className="muted">{t('lab.selected', { count: known.length })}</span>
        <button type="button" data-testid="lab-screens-toggle" aria-pressed={screens} onClick={() => setScreens((on) => !on)}>
          {screens ? t('lab.hideScreens') : t('lab.screens')}
        </button>
        {lab.lastCommand && (
          <span className="muted" data-testid="last-command" data-kind={lab.lastCommand.kind}>
            {t('lab.lastCommand', { kind: t(`lab.kinds.${lab.lastCommand.kind}`, { defaultValue: lab.lastCommand.kind }) })}
          </span>
        )}
      </div>
      {screens ? <ScreenGrid seats={session.seats} /> : <SeatMap seats={session.seats} selected={selected} onToggle={toggle} />}
      <LabChat messages={session.chat} to="class" />
    </div>
  );
}
