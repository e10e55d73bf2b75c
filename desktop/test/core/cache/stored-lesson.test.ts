import { describe, expect, it } from 'vitest';
import type { LessonResource } from '@sinif/shared';
import { resourcesDigest } from '../../../src/core/cache/stored-lesson.ts';

const base: LessonResource[] = [
  { id: 'r1', name: 'dərs.mp4', mediaType: 'video/mp4', size: 5_000_000_000, sha256: '0123456789abcdef'.repeat(4) },
  { id: 'r2', name: 'Նկար.pdf', mediaType: 'application/pdf', size: 12, sha256: 'fedcba9876543210'.repeat(4) },
];

/** Every way a catch-up edit can change a lesson's resources, one at a time. */
function variants(): [string, LessonResource[]][] {
  const edit = (i: number, change: Partial<LessonResource>): LessonResource[] => base.map((r, j) => (j === i ? { ...r, ...change } : r));
  return [
    ['id', edit(0, { id: 'r3' })],
    ['name', edit(1, { name: 'Նկար.PDF' })],
    ['media type', edit(0, { mediaType: 'video/webm' })],
    ['size, low 32 bits', edit(1, { size: 13 })],
    ['size, high bits', edit(0, { size: 5_000_000_000 + 2 ** 32 })],
    ['sha256', edit(1, { sha256: `e${base[1]!.sha256.slice(1)}` })],
    ['order', [base[1]!, base[0]!]],
    ['one removed', [base[0]!]],
    ['one added', [...base, { ...base[0]!, id: 'r9' }]],
    ['none', []],
    ['text moved between fields', edit(0, { id: 'r1d', name: 'ərs.mp4' })],
    // Differences in the sizes' high bits that a multiply-xor hash of whole
    // 32-bit words cancels out: bit 31 in two sizes, and two sizes swapped.
    ['bit 31 of both sizes', [{ ...base[0]!, size: 2 ** 31 + 1000 }, { ...base[1]!, size: 500 }]],
    ['bit 31 of both sizes, the other way', [{ ...base[0]!, size: 1000 }, { ...base[1]!, size: 2 ** 31 + 500 }]],
    ['sizes swapped', [{ ...base[0]!, size: 12 }, { ...base[1]!, size: 5_000_000_000 }]],
  ];
}

describe('resourcesDigest', () => {
  it('is the same for the same resources, and a 53-bit non-negative integer', () => {
    const digest = resourcesDigest(base);
    expect(resourcesDigest(structuredClone(base))).toBe(digest);
    expect(Number.isSafeInteger(digest) && digest >= 0).toBe(true);
  });

  it('changes with any one field of any resource, their order and their number', () => {
    const digests = new Map<number, string>([[resourcesDigest(base), 'unchanged']]);
    for (const [change, resources] of variants()) {
      const digest = resourcesDigest(resources);
      expect(digests.get(digest), change).toBeUndefined();
      digests.set(digest, change);
    }
  });
});
