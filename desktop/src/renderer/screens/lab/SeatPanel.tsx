import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabSeatState, LabView } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLabHand } from '../../lab-queries.ts';
import { LabChat } from './LabChat.tsx';
import { SiteBrowser } from './SiteBrowser.tsx';

/** A student's side of a running session: hand, the teacher's messages, a pushed lesson's progress or site, chat. */
export function SeatPanel({ view, session }: { view: LabView; session: LabSeatState }) {
  const { t } = useTranslation();
  const hand = useLabHand();
  const [chatOpen, setChatOpen] = useState(false);
  const lastMessage = view.messages.at(-1);
  return (
    <aside className="seat-panel" data-testid="seat-panel" aria-label={t('lab.title')}>
      <div className="seat-panel-row">
        <strong>{t('lab.title')}</strong>
        {!view.connected && <span className="badge offline">{t('lab.reconnecting')}</span>}
        <button
          type="button"
          data-testid="raise-hand"
          aria-pressed={session.handRaised}
          disabled={hand.isPending}
          onClick={() => hand.mutate({ raised: !session.handRaised })}
        >
          ✋ {session.handRaised ? t('lab.lowerHand') : t('lab.raiseHand')}
        </button>
        <button type="button" aria-expanded={chatOpen} onClick={() => setChatOpen((open) => !open)}>
          {t('lab.chat')}
        </button>
      </div>
      {session.handRaised && <p className="muted">{t('lab.handUp')}</p>}
      <ErrorMessage error={hand.error} />
      {lastMessage && (
        <p className="notice" role="status" data-testid="teacher-message">
          <strong>{t('lab.fromTeacher')}:</strong> {lastMessage.text}
        </p>
      )}
      {view.lesson?.state === 'fetching' && (
        <p className="notice" role="status" data-testid="lesson-fetching">
          {t('lab.lessonFetching', { percent: view.lesson.total > 0 ? Math.floor((100 * view.lesson.done) / view.lesson.total) : 0 })}
          <progress max={Math.max(1, view.lesson.total)} value={view.lesson.done} />
        </p>
      )}
      {view.lesson?.state === 'failed' && (
        <p className="error" role="alert">
          {t('lab.lessonFailed', { reason: view.lesson.reason ?? '' })}
        </p>
      )}
      <SiteBrowser view={view} session={session} />
      {chatOpen && <LabChat messages={session.chat} to="teachers" />}
    </aside>
  );
}
