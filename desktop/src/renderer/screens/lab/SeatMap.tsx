import { useTranslation } from 'react-i18next';
import type { LabSeat } from '@sinif/shared';
import { useLabHand } from '../../lab-queries.ts';
import { BlockedSitesChip } from './BlockedSitesChip.tsx';

interface SeatMapProps {
  seats: readonly LabSeat[];
  selected: ReadonlySet<string>;
  onToggle: (deviceId: string) => void;
}

/** Laid out as IT staff placed the PCs (x, y as grid cells) when every seat is placed; else a plain grid. */
export function SeatMap({ seats, selected, onToggle }: SeatMapProps) {
  const { t } = useTranslation();
  if (seats.length === 0) return <p className="muted">{t('lab.noSeats')}</p>;
  const placed = seats.every((seat) => seat.x !== null && seat.y !== null);
  const ordered = [...seats].sort((a, b) => a.seatName.localeCompare(b.seatName, undefined, { numeric: true }));
  return (
    <ul className={placed ? 'seat-map placed' : 'seat-map'} data-testid="seat-map">
      {ordered.map((seat) => (
        <SeatCard key={seat.deviceId} seat={seat} selected={selected.has(seat.deviceId)} onToggle={onToggle} placed={placed} />
      ))}
    </ul>
  );
}

function SeatCard({ seat, selected, onToggle, placed }: { seat: LabSeat; selected: boolean; onToggle: (id: string) => void; placed: boolean }) {
  const { t } = useTranslation();
  const hand = useLabHand();
  const delivery = seat.lastDelivery;
  const locked = seat.directives.lock !== null;
  const style = placed ? { gridColumn: Math.round(seat.x ?? 0) + 1, gridRow: Math.round(seat.y ?? 0) + 1 } : undefined;
  return (
    <li
      className={`seat-card${seat.online ? ' online' : ' offline'}${selected ? ' selected' : ''}${seat.handRaised ? ' hand' : ''}`}
      style={style}
      data-testid="seat-card"
      data-device-id={seat.deviceId}
      data-seat-name={seat.seatName}
      data-online={seat.online}
      data-locked={locked}
      data-hand={seat.handRaised}
      data-delivery={delivery?.status ?? ''}
    >
      <label className="seat-select">
        <input type="checkbox" checked={selected} onChange={() => onToggle(seat.deviceId)} aria-label={t('lab.seat.select', { seat: seat.seatName })} />
        <strong>{seat.seatName}</strong>
      </label>
      <span className="seat-student">{seat.student?.displayName ?? t('lab.seat.nobody')}</span>
      <span className="seat-chips">
        <span className={seat.online ? 'chip ok' : 'chip muted'}>{seat.online ? t('lab.seat.online') : t('lab.seat.offline')}</span>
        {locked && <span className="chip warn">🔒 {t('lab.seat.locked')}</span>}
        {seat.directives.lessonId && <span className="chip">📖 {t('lab.seat.lesson')}</span>}
        <BlockedSitesChip seat={seat} />
        {seat.handRaised && (
          <button type="button" className="chip hand" data-testid="seat-hand" title={t('lab.seat.lowerHand')} onClick={() => hand.mutate({ raised: false, deviceId: seat.deviceId })}>
            ✋ {t('lab.seat.hand')}
          </button>
        )}
        {delivery && (
          <span className={`chip delivery-${delivery.status}`} data-testid="seat-delivery" title={delivery.reason ?? undefined}>
            {t(`lab.delivery.${delivery.status}`)}
          </span>
        )}
        {seat.appVersion && <span className="chip muted">{t('lab.seat.version', { version: seat.appVersion })}</span>}
      </span>
    </li>
  );
}
