import { useState, type ReactNode } from 'react';
import type { LabView } from '@sinif/shared';
import { LockOverlay } from './LockOverlay.tsx';
import { useScreenFeed } from './screen-capture.ts';
import { SeatPanel } from './SeatPanel.tsx';
import '../../lab.css';

/**
 * Wraps whatever screen a seat shows with the session's demands: under a lock
 * the screen is `inert` (no focus, no clicks) and the lock overlay covers it;
 * otherwise the seat panel (hand, messages, chat) floats over it.
 */
export function SeatLayer({ lab, children }: { lab: LabView | undefined; children: ReactNode }) {
  const session = lab?.session?.view === 'seat' ? lab.session : null;
  const lock = session?.directives.lock ?? null;
  useScreenFeed(lab);
  return (
    <>
      <div className="app-shell" inert={lock !== null}>
        {children}
        {lab && session && <SeatPanel view={lab} session={session} />}
      </div>
      {lock && <LockOverlay lock={lock} />}
    </>
  );
}

/** The lesson the teacher pushed, once it is in the cache, until the student closes it. */
export function usePushedLesson(lab: LabView | undefined): { lessonId: string | null; close: () => void } {
  const [closed, setClosed] = useState<string | null>(null);
  const session = lab?.session?.view === 'seat' ? lab.session : null;
  const lessonId = session?.directives.lessonId ?? null;
  const ready = lessonId !== null && lab?.lesson?.state === 'ready' && lab.lesson.lessonId === lessonId;
  const key = `${session?.sessionId ?? ''}/${lessonId ?? ''}`;
  return { lessonId: ready && closed !== key ? lessonId : null, close: () => setClosed(key) };
}
