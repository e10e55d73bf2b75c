import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError, Seat } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SignedOutNotice } from '../components/SignedOutNotice.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { useSignIn } from '../queries.ts';

export function SignInScreen({ seat, signedOutReason }: { seat: Seat; signedOutReason?: HostError | null }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ username: username.trim(), password });
  }

  return (
    <>
      <TopBar />
      <main className="card-page">
        <form className="card" onSubmit={submit}>
          <h1>{t('signIn.title')}</h1>
          <SignedOutNotice reason={signedOutReason} />
          <p className="muted" data-testid="seat-name">
            {t('signIn.seat', { seat: seat.seatName, lab: seat.labName, school: seat.schoolName })}
          </p>
          <label>
            {t('signIn.username')}
            <input
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
            />
          </label>
          <label>
            {t('signIn.password')}
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete="current-password"
            />
          </label>
          <ErrorMessage error={signIn.error} />
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
