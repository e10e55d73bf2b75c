// Which admin tabs a person sees comes from the shared permission matrix: the
// regions and schools of a region admin stay hidden from school staff.
import { describe, expect, it } from 'vitest';
import type { Role } from '@sinif/shared';
import { visibleAdminSections } from '../../src/renderer/permissions.ts';

const person = (...roles: Role[]) => ({ id: 'u', username: 'u', displayName: 'U', roles, schoolId: 's' });

describe('visible admin sections', () => {
  it('a school IT admin sees the school’s tabs with classes, but no regions or schools', () => {
    const sections = visibleAdminSections(person('school_it_admin'));
    expect(sections).toEqual(expect.arrayContaining(['labs', 'codes', 'devices', 'users', 'classes', 'audit']));
    expect(sections).not.toContain('regions');
    expect(sections).not.toContain('schools');
  });

  it('a region admin also sees regions and schools', () => {
    expect(visibleAdminSections(person('region_admin'))).toEqual(expect.arrayContaining(['classes', 'regions', 'schools']));
  });

  it('a teacher sees the read-only tabs (labs, users, classes) and a student none', () => {
    expect(visibleAdminSections(person('teacher'))).toEqual(['labs', 'users', 'classes']);
    expect(visibleAdminSections(person('student'))).toEqual([]);
  });
});
