import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SignedOutNotice } from '../components/SignedOutNotice.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { useEnrol } from '../queries.ts';

/** First run on a lab PC: join it to the school server with a one-time code. */
interface ConnectScreenProps {
  serverUrl: string | null;
  signedOutReason?: HostError | null;
}

export function ConnectScreen({ serverUrl, signedOutReason }: ConnectScreenProps) {
  const { t } = useTranslation();
  const enrol = useEnrol();
  const [server, setServer] = useState(serverUrl ?? '');
  const [code, setCode] = useState('');
  const [seatName, setSeatName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    enrol.mutate({ serverUrl: server.trim(), code: code.trim(), seatName: seatName.trim() });
  }

  return (
    <>
      <TopBar />
      <main className="card-page">
        <form className="card" onSubmit={submit}>
          <h1>{t('connect.title')}</h1>
          <p className="muted">{t('connect.intro')}</p>
          <SignedOutNotice reason={signedOutReason} />
          <label>
            {t('connect.serverUrl')}
            <input
              type="url"
              value={server}
              onChange={(e) => setServer(e.target.value)}
              required
              autoComplete="url"
              placeholder="http://"
            />
          </label>
          <label>
            {t('connect.code')}
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
            />
          </label>
          <label>
            {t('connect.seatName')}
            <input
              value={seatName}
              onChange={(e) => setSeatName(e.target.value)}
              required
              maxLength={64}
              placeholder={t('connect.seatNameHint')}
            />
          </label>
          <ErrorMessage error={enrol.error} />
          <button type="submit" className="primary" disabled={enrol.isPending}>
            {enrol.isPending ? t('connect.submitting') : t('connect.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
