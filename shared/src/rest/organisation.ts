/** /api/v1/admin/{regions,schools,labs,classes}: the organisation tree and classes. */
import { Type, type Static } from 'typebox';
import { DisplayName, EntityId } from './ids.ts';

export const Region = Type.Object({ id: Type.String(), name: Type.String() });
export type Region = Static<typeof Region>;
export const School = Type.Object({ id: Type.String(), regionId: Type.String(), name: Type.String() });
export type School = Static<typeof School>;
export const Lab = Type.Object({ id: Type.String(), schoolId: Type.String(), name: Type.String() });
export type Lab = Static<typeof Lab>;

export const CreateRegionRequest = Type.Object({ name: DisplayName }, { additionalProperties: false });
export type CreateRegionRequest = Static<typeof CreateRegionRequest>;
export const RegionList = Type.Object({ regions: Type.Array(Region) });
export type RegionList = Static<typeof RegionList>;

export const CreateSchoolRequest = Type.Object({ regionId: EntityId, name: DisplayName }, { additionalProperties: false });
export type CreateSchoolRequest = Static<typeof CreateSchoolRequest>;
export const SchoolListQuery = Type.Object({ regionId: EntityId }, { additionalProperties: false });
export type SchoolListQuery = Static<typeof SchoolListQuery>;
export const SchoolList = Type.Object({ schools: Type.Array(School) });
export type SchoolList = Static<typeof SchoolList>;

export const CreateLabRequest = Type.Object({ schoolId: EntityId, name: DisplayName }, { additionalProperties: false });
export type CreateLabRequest = Static<typeof CreateLabRequest>;
/** Most school-scoped lists take the school in the query. */
export const SchoolScopedQuery = Type.Object({ schoolId: EntityId }, { additionalProperties: false });
export type SchoolScopedQuery = Static<typeof SchoolScopedQuery>;
export const LabList = Type.Object({ labs: Type.Array(Lab) });
export type LabList = Static<typeof LabList>;

export const ClassMemberRole = Type.Union([Type.Literal('teacher'), Type.Literal('student')]);
export type ClassMemberRole = Static<typeof ClassMemberRole>;

export const SchoolClass = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  name: Type.String(),
  teacherCount: Type.Integer(),
  studentCount: Type.Integer(),
});
export type SchoolClass = Static<typeof SchoolClass>;
export const CreateClassRequest = Type.Object({ schoolId: EntityId, name: DisplayName }, { additionalProperties: false });
export type CreateClassRequest = Static<typeof CreateClassRequest>;
export const ClassList = Type.Object({ classes: Type.Array(SchoolClass) });
export type ClassList = Static<typeof ClassList>;

export const ClassParams = Type.Object({ classId: EntityId }, { additionalProperties: false });
export type ClassParams = Static<typeof ClassParams>;
export const AddClassMembersRequest = Type.Object(
  {
    members: Type.Array(Type.Object({ userId: EntityId, role: ClassMemberRole }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1000,
    }),
  },
  { additionalProperties: false },
);
export type AddClassMembersRequest = Static<typeof AddClassMembersRequest>;
export const ClassMember = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: ClassMemberRole,
});
export type ClassMember = Static<typeof ClassMember>;
export const ClassMemberList = Type.Object({ members: Type.Array(ClassMember) });
export type ClassMemberList = Static<typeof ClassMemberList>;
