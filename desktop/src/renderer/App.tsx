import { useCallback, useRef, useState } from 'react';
import { mayChangeDeviceSettings } from '@sinif/shared';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import type { MainView } from './components/SessionBar.tsx';
import { TopBar } from './components/TopBar.tsx';
import { mayInOwnSchool, visibleAdminSections } from './permissions.ts';
import { useLabState } from './lab-queries.ts';
import { useAppInfo } from './queries.ts';
import { AdminScreen } from './screens/admin/AdminScreen.tsx';
import { ConnectScreen } from './screens/ConnectScreen.tsx';
import { LessonViewer } from './screens/LessonViewer.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { SignInScreen } from './screens/SignInScreen.tsx';
import { LabSessionScreen } from './screens/lab/LabSessionScreen.tsx';
import { SeatLayer, usePushedLesson } from './screens/lab/SeatLayer.tsx';

/** Which screen to show follows from host state: no seat → connect, no user → sign in. */
export function App() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const [openLessonId, setOpenLessonId] = useState<string | null>(null);
  const [mainView, setMainView] = useState<MainView>('library');
  const autoSyncedFor = useRef<string | null>(null);
  const userId = info.data?.user?.id ?? null;
  const lab = useLabState(userId !== null);
  const pushed = usePushedLesson(lab.data);

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
  const views: MainView[] = ['library'];
  if (mayInOwnSchool(user, 'labSession.run')) views.push('lab');
  if (adminSections.length > 0) views.push('admin');
  if (mayChangeDeviceSettings(user, seat)) views.push('settings');
  const view = views.length > 1 ? { current: mainView, onChange: setMainView, views } : undefined;
  let screen;
  if (view?.current === 'admin' && adminSections.length > 0) screen = <AdminScreen info={signedIn} sections={adminSections} view={view} />;
  else if (view?.current === 'settings' && views.includes('settings')) screen = <SettingsScreen info={signedIn} view={view} />;
  else if (view?.current === 'lab') screen = <LabSessionScreen info={signedIn} lab={lab.data} view={view} />;
  else if (pushed.lessonId) screen = <LessonViewer lessonId={pushed.lessonId} onBack={pushed.close} />;
  else if (openLessonId) screen = <LessonViewer lessonId={openLessonId} onBack={() => setOpenLessonId(null)} />;
  else screen = <LibraryScreen info={signedIn} onOpenLesson={setOpenLessonId} claimAutoSync={claimAutoSync} view={view} />;
  // A seat's lab session (lock, pushed lesson, hand, chat) sits over whichever screen is shown.
  return <SeatLayer lab={lab.data}>{screen}</SeatLayer>;
}
