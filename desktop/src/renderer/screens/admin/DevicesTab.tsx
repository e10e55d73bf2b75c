import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, Lab, UserSummary } from '@sinif/shared';
import { useDevices, useLabs, useMoveDevice, useRenameDevice, useRevokeDevice } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatBytes, formatTime } from '../../format.ts';
import { mayInOwnSchool } from '../../permissions.ts';
import { MoveToLab } from './MoveToLab.tsx';

/** The fleet of the school: every enrolled PC, what it runs, when it was last seen. */
export function DevicesTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const devices = useDevices();
  const rename = useRenameDevice();
  const move = useMoveDevice();
  const labs = useLabs();
  const revoke = useRevokeDevice();
  const mayManage = mayInOwnSchool(user, 'device.manage');
  const mayRevoke = mayInOwnSchool(user, 'device.revoke');

  return (
    <div className="admin-section" data-testid="devices-tab">
      <ErrorMessage error={rename.error ?? move.error ?? revoke.error ?? devices.error} />
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
                labs={labs.data?.labs ?? []}
                onRename={mayManage ? (seatName) => rename.mutate({ deviceId: device.deviceId, seatName }) : undefined}
                onMove={mayManage ? (labId) => move.mutate({ deviceId: device.deviceId, labId }) : undefined}
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
  labs: readonly Lab[];
  onRename: ((seatName: string) => void) | undefined;
  onMove: ((labId: string) => void) | undefined;
  onRevoke: (() => void) | undefined;
}

function DeviceRow({ device, labs, onRename, onMove, onRevoke }: DeviceRowProps) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'view' | 'rename' | 'move' | 'confirmRevoke'>('view');
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
      <td data-testid="device-lab">{device.labName}</td>
      <td data-testid="device-os">{device.os ?? unknown}</td>
      <td data-testid="device-app-version">{device.appVersion ?? unknown}</td>
      <td>{device.lastSeenAt ? formatTime(device.lastSeenAt, i18n.language) : t('admin.devices.never')}</td>
      <td data-testid="device-free-disk">{device.freeDiskBytes === null ? unknown : formatBytes(t, device.freeDiskBytes, i18n.language)}</td>
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
              {onMove && (
                <button type="button" onClick={() => setMode('move')}>
                  {t('admin.devices.move')}
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
          {mode === 'move' && (
            <MoveToLab
              device={device}
              labs={labs}
              onMove={(labId) => {
                onMove?.(labId);
                setMode('view');
              }}
              onCancel={() => setMode('view')}
            />
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
