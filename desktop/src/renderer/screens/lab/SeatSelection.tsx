import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabTeacherState } from '@sinif/shared';
import { useClasses } from '../../admin-queries.ts';
import { classesOnSeats } from './seat-selection.ts';

interface SeatSelectionProps {
  session: LabTeacherState;
  /** Seats the commands go to (none: every seat shown). */
  selected: ReadonlySet<string>;
  onSelect: (deviceIds: ReadonlySet<string>) => void;
  /** Only this class's seats are shown (null: all). */
  onlyClass: string | null;
  onOnlyClass: (classId: string | null) => void;
  /** How many seats a command would reach now. */
  targetCount: number;
}

/** Select all / none / a class's seats, and show only one class, at the head of the command bar. */
export function SeatSelection({ session, selected, onSelect, onlyClass, onOnlyClass, targetCount }: SeatSelectionProps) {
  const { t } = useTranslation();
  const classes = useClasses();
  const [classId, setClassId] = useState('');
  const offered = classesOnSeats(session.seats, classes.data?.classes ?? [], session.classId);
  const chosen = offered.find((c) => c.classId === classId) ?? offered[0];
  return (
    <div className="inline-form" data-testid="seat-selection">
      <button type="button" data-testid="select-all" onClick={() => onSelect(new Set(session.seats.map((seat) => seat.deviceId)))}>
        {t('lab.selectAll')}
      </button>
      <button type="button" data-testid="select-none" onClick={() => onSelect(new Set())}>
        {t('lab.selectNone')}
      </button>
      {chosen && (
        <>
          <label>
            {t('lab.byClass.choose')}
            <select value={chosen.classId} onChange={(e) => setClassId(e.target.value)} data-testid="class-select">
              {offered.map((c) => (
                <option key={c.classId} value={c.classId}>
                  {c.isSessionClass ? t('lab.byClass.sessionClass', { name: c.name }) : c.name} ({c.deviceIds.length})
                </option>
              ))}
            </select>
          </label>
          <button type="button" data-testid="select-class" disabled={chosen.deviceIds.length === 0} onClick={() => onSelect(new Set(chosen.deviceIds))}>
            {t('lab.byClass.select')}
          </button>
          <label className="check">
            <input
              type="checkbox"
              data-testid="only-class"
              checked={onlyClass === chosen.classId}
              onChange={(e) => onOnlyClass(e.target.checked ? chosen.classId : null)}
            />
            {t('lab.byClass.only')}
          </label>
          {chosen.deviceIds.length === 0 && <span className="muted">{t('lab.byClass.none')}</span>}
        </>
      )}
      <span className="muted" data-testid="selected-count" data-count={targetCount}>
        {t('lab.selected', { count: selected.size })}
      </span>
    </div>
  );
}
