import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import { TopBar } from './components/TopBar.tsx';
import { useAppInfo } from './queries.ts';
import { ConnectScreen } from './screens/ConnectScreen.tsx';
import { LessonViewer } from './screens/LessonViewer.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { SignInScreen } from './screens/SignInScreen.tsx';

/** Which screen to show follows from host state: no seat → connect, no user → sign in. */
export function App() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const [openLessonId, setOpenLessonId] = useState<string | null>(null);
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

  const { seat, user } = info.data;
  if (!seat) return <ConnectScreen serverUrl={info.data.serverUrl} />;
  if (!user) {
    autoSyncedFor.current = null;
    return <SignInScreen seat={seat} />;
  }
  if (openLessonId) return <LessonViewer lessonId={openLessonId} onBack={() => setOpenLessonId(null)} />;
  return <LibraryScreen info={{ ...info.data, seat, user }} onOpenLesson={setOpenLessonId} claimAutoSync={claimAutoSync} />;
}
