import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportRoster } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** A class roster as CSV (picked file or pasted text): one-time passwords to print, or the bad lines. */
export function RosterImport() {
  const { t } = useTranslation();
  const importRoster = useImportRoster();
  const [csv, setCsv] = useState('');

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setCsv(await file.text());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (csv.trim()) importRoster.mutate({ csv });
  }

  const result = importRoster.data;
  return (
    <form className="roster-import" onSubmit={submit} aria-label={t('admin.users.importTitle')}>
      <h2>{t('admin.users.importTitle')}</h2>
      <p className="muted">{t('admin.users.importHint')}</p>
      <label>
        {t('admin.users.csvFile')}
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void pickFile(e)} />
      </label>
      <label>
        {t('admin.users.csvText')}
        <textarea value={csv} onChange={(e) => setCsv(e.target.value)} rows={5} spellCheck={false} data-testid="roster-csv" />
      </label>
      <button type="submit" className="primary" disabled={importRoster.isPending || !csv.trim()}>
        {t('admin.users.import')}
      </button>
      <ErrorMessage error={importRoster.error} />
      {result && result.problems.length > 0 && (
        <div className="error" role="alert" data-testid="roster-problems">
          <p>{t('admin.users.problems')}</p>
          <ul>
            {result.problems.map((problem) => (
              <li key={`${problem.line}-${problem.column ?? ''}`}>
                {t('admin.users.line', { line: problem.line })}
                {problem.column ? ` (${problem.column})` : ''}: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result && result.imported.length > 0 && (
        <div className="printable" data-testid="roster-passwords">
          <p role="status">{t('admin.users.imported', { count: result.imported.length })}</p>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.displayName')}</th>
                <th scope="col">{t('admin.users.username')}</th>
                <th scope="col">{t('admin.users.password')}</th>
              </tr>
            </thead>
            <tbody>
              {result.imported.map((student) => (
                <tr key={student.userId}>
                  <td>{student.displayName}</td>
                  <td>{student.username}</td>
                  <td className="password-cell">{student.initialPassword}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => window.print()}>
            {t('admin.users.print')}
          </button>
        </div>
      )}
    </form>
  );
}
