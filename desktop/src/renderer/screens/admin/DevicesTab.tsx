import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, UserSummary } from '@sinif/shared';
import { useDevices, useRenameDevice, useRevokeDevice } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatBytes, formatTime } from '../../format.ts';
import { mayInOwnSchool } from '../../permissions.ts';

/** The fleet of the school: every enrolled PC, what it runs, when it was last seen. */
export function DevicesTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const devices = useDevices();
  const rename = useRenameDevice();
  const revoke = useRevokeDevice();
  const mayManage = mayInOwnSchool(user, 'device.manage');
  const mayRevoke = mayInOwnSchool(user, 'device.revoke');

  return (
    <div className="admin-section" data-testid="devices-tab">
      <ErrorMessage error={rename.error ?? revoke.error ?? devices.error} />
      {devices.data?.devices.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      {devices.data && devices.data.devices.length > 0 && (
        <table className="admin-table" data-testid="device-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.devices.seat')}</th>
              <th scope="col">{t('admin.devices.lab')}</th>
              <th scope="col">{t('admin.devices.os')}</th>
              <th scope="col">{t('admin.devices.appVersion')}</th>
              <th scope="col">{t('admin.devices.lastSeen')}</th>
              <th scope="col">{t('admin.devices.freeDisk')}</th>
              <th scope="col">{t('admin.devices.status')}</th>
              {(mayManage || mayRevoke) && <th scope="col">{t('admin.devices.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {devices.data.devices.map((device) => (
              <DeviceRow
                key={device.deviceId}
                device={device}
                onRename={mayManage ? (seatName) => rename.mutate({ deviceId: device.deviceId, seatName }) : undefined}
                onRevoke={mayRevoke ? () => revoke.mutate({ deviceId: device.deviceId }) : undefined}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface DeviceRowProps {
  device: DeviceInfo;
  onRename: ((seatName: string) => void) | undefined;
  onRevoke: (() => void) | undefined;
}

function DeviceRow({ device, onRename, onRevoke }: DeviceRowProps) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirmRevoke'>('view');
  const [seatName, setSeatName] = useState(device.seatName);
  const unknown = t('admin.devices.unknown');
  const revoked = device.revokedAt !== null;

  function submitRename(event: FormEvent) {
    event.preventDefault();
    onRename?.(seatName.trim());
    setMode('view');
  }

  return (
    <tr data-testid="device-row" data-seat={device.seatName} data-revoked={revoked}>
      <td>{device.seatName}</td>
      <td>{device.labName}</td>
      <td>{device.os ?? unknown}</td>
      <td>{device.appVersion ?? unknown}</td>
      <td>{device.lastSeenAt ? formatTime(device.lastSeenAt, i18n.language) : t('admin.devices.never')}</td>
      <td>{device.freeDiskBytes === null ? unknown : formatBytes(t, device.freeDiskBytes, i18n.language)}</td>
      <td data-testid="device-status">{revoked ? t('admin.devices.revoked') : t('admin.devices.active')}</td>
      {(onRename || onRevoke) && (
        <td className="row-actions">
          {!revoked && mode === 'view' && (
            <>
              {onRename && (
                <button type="button" onClick={() => setMode('rename')}>
                  {t('admin.devices.rename')}
                </button>
              )}
              {onRevoke && (
                <button type="button" className="danger" onClick={() => setMode('confirmRevoke')}>
                  {t('admin.devices.revoke')}
                </button>
              )}
            </>
          )}
          {mode === 'rename' && (
            <form className="inline-form" onSubmit={submitRename}>
              <label>
                <span className="visually-hidden">{t('admin.devices.newName', { seat: device.seatName })}</span>
                <input value={seatName} onChange={(e) => setSeatName(e.target.value)} required maxLength={64} />
              </label>
              <button type="submit" className="primary">
                {t('admin.save')}
              </button>
              <button type="button" onClick={() => setMode('view')}>
                {t('admin.cancel')}
              </button>
            </form>
          )}
          {mode === 'confirmRevoke' && (
            <div className="confirm" role="alertdialog" aria-label={t('admin.devices.revoke')}>
              <p>{t('admin.devices.confirmRevoke', { seat: device.seatName })}</p>
              <button
                type="button"
                className="danger"
                data-testid="confirm-revoke"
                onClick={() => {
                  onRevoke?.();
                  setMode('view');
                }}
              >
                {t('admin.devices.confirm')}
              </button>
              <button type="button" onClick={() => setMode('view')}>
                {t('admin.cancel')}
              </button>
            </div>
          )}
        </td>
      )}
    </tr>
  );
}
