import { useTranslation } from 'react-i18next';
import type { AppInfo, Seat, UserSummary } from '@sinif/shared';
import { useSignOut } from '../queries.ts';
import { TopBar } from './TopBar.tsx';

export type MainView = 'library' | 'admin' | 'lab' | 'settings';

interface SessionBarProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  /** Present when the person may administer or teach: the view switch (`views`: which, in order). */
  view?: { current: MainView; onChange: (view: MainView) => void; views?: readonly MainView[] };
}

/** The top bar while someone is signed in: who, where, online, sign out. */
export function SessionBar({ info, view }: SessionBarProps) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <TopBar>
      <span className="who">{t('header.signedInAs', { name: info.user.displayName })}</span>
      <span className="muted">{t('header.seat', { seat: info.seat.seatName, lab: info.seat.labName })}</span>
      <span
        className={info.online ? 'badge online' : 'badge offline'}
        data-testid="offline-badge"
        data-online={info.online}
        title={info.online ? undefined : t('header.offlineHint')}
      >
        {info.online ? t('header.online') : t('header.offline')}
      </span>
      {view && (
        <nav className="view-switch">
          {(view.views ?? (['library', 'admin'] as const)).map((id) => (
            <button
              key={id}
              type="button"
              data-testid={`nav-${id}`}
              aria-current={view.current === id ? 'page' : undefined}
              onClick={() => view.onChange(id)}
            >
              {t(`nav.${id}`)}
            </button>
          ))}
        </nav>
      )}
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t('header.signOut')}
      </button>
    </TopBar>
  );
}
