import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LabSeat, LabSeatThumbnail } from '@sinif/shared';
import { host } from '../../host.ts';

/** The grid must refresh at least every 2 s; frames arrive at most once a second per seat. */
const POLL_MS = 1_000;

/**
 * Live thumbnails of every seat's screen. Seats send frames only while some
 * teacher watches, so the grid says so on mount and stops on unmount.
 */
export function ScreenGrid({ seats }: { seats: readonly LabSeat[] }) {
  const { t } = useTranslation();
  const [focused, setFocused] = useState<string | null>(null);
  useEffect(() => {
    void host.invoke('lab.watch', { watching: true }).catch(() => undefined);
    return () => void host.invoke('lab.watch', { watching: false }).catch(() => undefined);
  }, []);
  const frames = useQuery({
    queryKey: ['lab.thumbnails'],
    queryFn: () => host.invoke('lab.thumbnails', {}),
    staleTime: 0,
    gcTime: 0,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: true,
  });
  const bySeat = new Map<string, LabSeatThumbnail>((frames.data?.frames ?? []).map((f) => [f.deviceId, f]));
  const ordered = [...seats].sort((a, b) => a.seatName.localeCompare(b.seatName, undefined, { numeric: true }));
  const big = focused ? ordered.find((seat) => seat.deviceId === focused) : undefined;
  if (big) {
    return (
      <div className="screen-focus" data-testid="screen-focus" data-device-id={big.deviceId}>
        <button type="button" onClick={() => setFocused(null)}>
          {t('lab.closeScreen')}
        </button>
        <h3>{big.seatName}</h3>
        <SeatImage seat={big} frame={bySeat.get(big.deviceId)} />
      </div>
    );
  }
  return (
    <ul className="screen-grid" data-testid="screen-grid">
      {ordered.map((seat) => (
        <li key={seat.deviceId}>
          <button type="button" className="screen-tile" onClick={() => setFocused(seat.deviceId)}>
            <SeatImage seat={seat} frame={bySeat.get(seat.deviceId)} />
            <span>{seat.seatName}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SeatImage({ seat, frame }: { seat: LabSeat; frame: LabSeatThumbnail | undefined }) {
  const { t } = useTranslation();
  if (!frame) return <div className="screen-empty muted">{t('lab.noFrame')}</div>;
  return (
    <img
      data-testid="seat-thumbnail"
      data-device-id={seat.deviceId}
      data-captured-at={frame.capturedAt}
      alt={seat.seatName}
      src={`data:${frame.mediaType};base64,${frame.dataBase64}`}
    />
  );
}
