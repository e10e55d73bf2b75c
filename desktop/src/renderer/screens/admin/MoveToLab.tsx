import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, Lab } from '@sinif/shared';

interface MoveToLabProps {
  device: DeviceInfo;
  /** The school's labs; the PC's own is left out. */
  labs: readonly Lab[];
  onMove: (labId: string) => void;
  onCancel: () => void;
}

/** Picks another lab of the same school for a PC (the server refuses any other). */
export function MoveToLab({ device, labs, onMove, onCancel }: MoveToLabProps) {
  const { t } = useTranslation();
  const others = labs.filter((lab) => lab.id !== device.labId);
  const [labId, setLabId] = useState(others[0]?.id ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (labId) onMove(labId);
  }

  if (others.length === 0) {
    return (
      <div className="confirm">
        <p className="muted">{t('admin.devices.noOtherLab')}</p>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('admin.devices.moveTo', { seat: device.seatName })}
        <select value={labId} onChange={(e) => setLabId(e.target.value)} data-testid="move-lab">
          {others.map((lab) => (
            <option key={lab.id} value={lab.id}>
              {lab.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        {t('admin.devices.moveConfirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
    </form>
  );
}
