import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateEnrolmentCodeResponse, EnrolmentCodeInfo, UserSummary } from '@sinif/shared';
import { useCreateEnrolmentCode, useEnrolmentCodes, useLabs, useRevokeEnrolmentCode } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatTime } from '../../format.ts';
import { mayInOwnSchool } from '../../permissions.ts';

export function EnrolmentCodesTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const codes = useEnrolmentCodes();
  const revoke = useRevokeEnrolmentCode();
  const mayRevoke = mayInOwnSchool(user, 'enrolmentCode.revoke');

  return (
    <div className="admin-section" data-testid="codes-tab">
      {mayInOwnSchool(user, 'enrolmentCode.create') && <NewCodeForm />}
      <ErrorMessage error={revoke.error ?? codes.error} />
      {codes.data?.codes.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      {codes.data && codes.data.codes.length > 0 && (
        <table className="admin-table" data-testid="code-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.codes.lab')}</th>
              <th scope="col">{t('admin.codes.uses')}</th>
              <th scope="col">{t('admin.codes.expires')}</th>
              <th scope="col">{t('admin.codes.status')}</th>
              {mayRevoke && <th scope="col" className="visually-hidden">{t('admin.codes.revoke')}</th>}
            </tr>
          </thead>
          <tbody>
            {codes.data.codes.map((code) => (
              <CodeRow key={code.id} code={code} onRevoke={mayRevoke ? () => revoke.mutate({ codeId: code.id }) : undefined} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CodeRow({ code, onRevoke }: { code: EnrolmentCodeInfo; onRevoke: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const status = code.revokedAt ? t('admin.codes.revoked') : code.usable ? t('admin.codes.usable') : t('admin.codes.spent');
  return (
    <tr data-testid="code-row" data-code-id={code.id}>
      <td>{code.labName}</td>
      <td>{t('admin.codes.usesValue', { uses: code.uses, max: code.maxUses })}</td>
      <td>{formatTime(code.expiresAt, i18n.language)}</td>
      <td>{status}</td>
      {onRevoke && (
        <td>
          {!code.revokedAt && (
            <button type="button" onClick={onRevoke}>
              {t('admin.codes.revoke')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function NewCodeForm() {
  const { t } = useTranslation();
  const labs = useLabs();
  const create = useCreateEnrolmentCode();
  const [labId, setLabId] = useState('');
  const [maxUses, setMaxUses] = useState(40);
  const [ttlHours, setTtlHours] = useState(72);
  const chosenLab = labId || labs.data?.labs[0]?.id || '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosenLab) create.mutate({ labId: chosenLab, maxUses, ttlHours });
  }

  if (labs.data?.labs.length === 0) return <p className="muted">{t('admin.codes.noLabs')}</p>;
  return (
    <>
      <form className="inline-form" onSubmit={submit}>
        <label>
          {t('admin.codes.lab')}
          <select value={chosenLab} onChange={(e) => setLabId(e.target.value)} data-testid="code-lab">
            {labs.data?.labs.map((lab) => (
              <option key={lab.id} value={lab.id}>
                {lab.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.codes.maxUses')}
          <input type="number" min={1} max={500} value={maxUses} onChange={(e) => setMaxUses(Number(e.target.value))} required />
        </label>
        <label>
          {t('admin.codes.ttlHours')}
          <input type="number" min={1} max={720} value={ttlHours} onChange={(e) => setTtlHours(Number(e.target.value))} required />
        </label>
        <button type="submit" className="primary" disabled={create.isPending || !chosenLab}>
          {t('admin.codes.create')}
        </button>
      </form>
      <ErrorMessage error={create.error ?? labs.error} />
      {create.data && <NewCode created={create.data} />}
    </>
  );
}

/** The code exists in clear text only in this answer: show it large, once. */
function NewCode({ created }: { created: CreateEnrolmentCodeResponse }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="new-secret" role="status">
      <p>{t('admin.codes.newCode', { lab: created.info.labName })}</p>
      <p className="big-code" data-testid="new-enrolment-code">
        {created.code}
      </p>
      <p className="muted">{t('admin.codes.newCodeHint')}</p>
      <button
        type="button"
        onClick={() => void navigator.clipboard?.writeText(created.code).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? t('admin.codes.copied') : t('admin.codes.copy')}
      </button>
    </div>
  );
}
