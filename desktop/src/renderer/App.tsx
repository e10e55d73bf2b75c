import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import type { MainView } from './components/SessionBar.tsx';
import { TopBar } from './components/TopBar.tsx';
import { visibleAdminSections } from './permissions.ts';
import { useAppInfo } from './queries.ts';
import { AdminScreen } from './screens/admin/AdminScreen.tsx';
import { ConnectScreen } from './screens/ConnectScreen.tsx';
import { LessonViewer } from './screens/LessonViewer.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { SignInScreen } from './screens/SignInScreen.tsx';

/** Which screen to show follows from host state: no seat → connect, no user → sign in. */
export function App() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const [openLessonId, setOpenLessonId] = useState<string | null>(null);
  const [mainView, setMainView] = useState<MainView>('library');
  const autoSyncedFor = useRef<string | null>(null);
  const userId = info.data?.user?.id ?? null;

  const claimAutoSync = useCallback(() => {
    if (userId === null || autoSyncedFor.current === userId) return false;
    autoSyncedFor.current = userId;
    return true;
  }, [userId]);

  if (info.isPending) {
    return (
      <>
        <TopBar />
        <main className="card-page">
          <p className="muted">{t('app.loading')}</p>
        </main>
      </>
    );
  }
  if (info.isError) {
    return (
      <>
        <TopBar />
        <main className="card-page">
          <ErrorMessage error={info.error} />
        </main>
      </>
    );
  }

  const { seat, user, signedOutReason } = info.data;
  if (!seat) return <ConnectScreen serverUrl={info.data.serverUrl} signedOutReason={signedOutReason} />;
  if (!user) {
    autoSyncedFor.current = null;
    return <SignInScreen seat={seat} signedOutReason={signedOutReason} />;
  }
  const signedIn = { ...info.data, seat, user };
  const adminSections = visibleAdminSections(user);
  const view = adminSections.length > 0 ? { current: mainView, onChange: setMainView } : undefined;
  if (view?.current === 'admin') return <AdminScreen info={signedIn} sections={adminSections} view={view} />;
  if (openLessonId) return <LessonViewer lessonId={openLessonId} onBack={() => setOpenLessonId(null)} />;
  return <LibraryScreen info={signedIn} onOpenLesson={setOpenLessonId} claimAutoSync={claimAutoSync} view={view} />;
}
