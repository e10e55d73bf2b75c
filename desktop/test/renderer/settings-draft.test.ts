import { describe, expect, it } from 'vitest';
import { checker, hostMethods } from '@sinif/shared';
import { GiB, changeOf, draftOf } from '../../src/renderer/screens/settings/settings-draft.ts';

const validSet = checker(hostMethods['settings.set'].args);

describe('settings form draft', () => {
  it('turns stored settings into form text and back into the same settings.set call', () => {
    const settings = { quotaBytes: 20 * GiB, bandwidth: { kbps: 512, window: { from: '08:00', to: '15:00', weekdaysOnly: true } } };
    const draft = draftOf(settings);
    expect(draft).toMatchObject({ quotaGb: '20', capOn: true, kbps: '512', windowOn: true, from: '08:00', to: '15:00' });
    expect(changeOf(draft)).toEqual(settings);
    expect(validSet.check(changeOf(draft))).toBe(true);
  });

  it('offers a weekday school-hours window when none is set, and sends no cap when the box is off', () => {
    const draft = draftOf({ quotaBytes: 5 * GiB, bandwidth: { kbps: null, window: null } });
    expect(draft).toMatchObject({ capOn: false, windowOn: false, from: '08:00', to: '15:00', weekdaysOnly: true });
    expect(changeOf({ ...draft, quotaGb: '2,5' })).toEqual({ quotaBytes: 2.5 * GiB, bandwidth: { kbps: null, window: null } });
    expect(changeOf({ ...draft, capOn: true, kbps: '1000' }).bandwidth).toEqual({ kbps: 1000, window: null });
  });

  it('produces a call the contract refuses for a quota below the minimum (the host answers INVALID_ARGUMENT)', () => {
    const draft = draftOf({ quotaBytes: 5 * GiB, bandwidth: { kbps: null, window: null } });
    expect(validSet.check(changeOf({ ...draft, quotaGb: '0.1' }))).toBe(false);
  });
});
