import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FOCUS_FRAME_EVERY_MS, type LabSeat, type LabSeatThumbnail } from '@sinif/shared';
import { host } from '../../host.ts';

/** The grid must refresh at least every 2 s; frames arrive at most once a second per seat. */
const POLL_MS = 1_000;

/**
 * Live thumbnails of every seat's screen. Seats send frames only while some
 * teacher watches, so the grid says so on mount and stops on unmount. A
 * clicked seat opens large: only that seat then sends large frames, twice a
 * second, until it is closed (the others keep the grid's pace).
 */
export function ScreenGrid({ seats }: { seats: readonly LabSeat[] }) {
  const { t } = useTranslation();
  const [focused, setFocused] = useState<string | null>(null);
  useEffect(() => {
    void host.invoke('lab.watch', { watching: true }).catch(() => undefined);
    return () => void host.invoke('lab.watch', { watching: false }).catch(() => undefined);
  }, []);
  useEffect(() => {
    if (focused === null) return;
    void host.invoke('lab.focus', { deviceId: focused }).catch(() => undefined);
    return () => void host.invoke('lab.focus', { deviceId: null }).catch(() => undefined);
  }, [focused]);
  const frames = useQuery({
    queryKey: ['lab.thumbnails'],
    queryFn: () => host.invoke('lab.thumbnails', {}),
    staleTime: 0,
    gcTime: 0,
    refetchInterval: focused === null ? POLL_MS : FOCUS_FRAME_EVERY_MS,
    refetchIntervalInBackground: true,
  });
  const bySeat = new Map<string, LabSeatThumbnail>((frames.data?.frames ?? []).map((f) => [f.deviceId, f]));
  const ordered = [...seats].sort((a, b) => a.seatName.localeCompare(b.seatName, undefined, { numeric: true }));
  const big = focused ? ordered.find((seat) => seat.deviceId === focused) : undefined;
  if (big) {
    // A poll answered before this seat was opened may still carry another seat's large frame.
    const large = frames.data?.focused?.deviceId === big.deviceId ? frames.data.focused : undefined;
    return (
      <div className="screen-focus" data-testid="screen-focus" data-device-id={big.deviceId}>
        <button type="button" data-testid="screen-focus-close" onClick={() => setFocused(null)}>
          {t('lab.closeScreen')}
        </button>
        <h3>{big.seatName}</h3>
        <p className="muted">{large ? t('lab.focus.live') : t('lab.focus.waiting')}</p>
        <SeatImage seat={big} frame={large ?? bySeat.get(big.deviceId)} large={large !== undefined} />
      </div>
    );
  }
  return (
    <ul className="screen-grid" data-testid="screen-grid">
      {ordered.map((seat) => (
        <li key={seat.deviceId}>
          <button type="button" className="screen-tile" title={t('lab.focus.open', { seat: seat.seatName })} onClick={() => setFocused(seat.deviceId)}>
            <SeatImage seat={seat} frame={bySeat.get(seat.deviceId)} />
            <span>{seat.seatName}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SeatImage({ seat, frame, large = false }: { seat: LabSeat; frame: LabSeatThumbnail | undefined; large?: boolean }) {
  const { t } = useTranslation();
  if (!frame) return <div className="screen-empty muted">{t('lab.noFrame')}</div>;
  return (
    <img
      data-testid="seat-thumbnail"
      data-device-id={seat.deviceId}
      data-captured-at={frame.capturedAt}
      data-large={large}
      alt={seat.seatName}
      src={`data:${frame.mediaType};base64,${frame.dataBase64}`}
    />
  );
}
