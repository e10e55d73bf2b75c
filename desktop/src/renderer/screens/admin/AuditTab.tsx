import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatTime } from '../../format.ts';

/** Recent admin actions and refused sign-ins of the school, newest first, a page at a time. */
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const before = pages[pages.length - 1];
  const audit = useAudit(before);

  return (
    <div className="admin-section" data-testid="audit-tab">
      <ErrorMessage error={audit.error} />
      {audit.data?.events.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      {audit.data && audit.data.events.length > 0 && (
        <table className="admin-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.events.map((event) => (
              <tr key={event.id} data-testid="audit-row">
                <td>{formatTime(event.at, i18n.language)}</td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>{event.actorUserId ?? '—'}</td>
                <td>{event.target ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        {pages.length > 1 && (
          <button type="button" onClick={() => setPages([undefined])}>
            {t('admin.audit.newest')}
          </button>
        )}
        {audit.data?.nextBefore !== undefined && (
          <button type="button" onClick={() => setPages([...pages, audit.data?.nextBefore])}>
            {t('admin.audit.older')}
          </button>
        )}
      </div>
    </div>
  );
}
