/** /api/v1/admin/users: people of a school, one by one or as a CSV roster. */
import { Type, type Static } from 'typebox';
import { Role } from '../domain/people.ts';
import { DisplayName, EntityId, IsoTime, NewPassword, PageLimit, Username } from './ids.ts';

export const CreateUserRequest = Type.Object(
  {
    schoolId: EntityId,
    username: Username,
    displayName: DisplayName,
    roles: Type.Array(Role, { minItems: 1, maxItems: 4, uniqueItems: true }),
    /** Omitted: the server makes a one-time password and returns it once. */
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const AdminUser = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** Roles held in the listed school. */
  roles: Type.Array(Role),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: IsoTime,
});
export type AdminUser = Static<typeof AdminUser>;

export const CreateUserResponse = Type.Object({
  user: AdminUser,
  /** Present only when the server made the password; shown this once. */
  initialPassword: Type.Optional(Type.String()),
});
export type CreateUserResponse = Static<typeof CreateUserResponse>;

export const UserListQuery = Type.Object(
  {
    schoolId: EntityId,
    limit: Type.Optional(PageLimit),
    /** Username to continue after (pages are ordered by username). */
    after: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;
export const UserList = Type.Object({ users: Type.Array(AdminUser), hasMore: Type.Boolean() });
export type UserList = Static<typeof UserList>;

export const UserParams = Type.Object({ userId: EntityId }, { additionalProperties: false });
export type UserParams = Static<typeof UserParams>;

export const PasswordResetResponse = Type.Object({
  /** Shown this once; the user's sessions were ended. */
  initialPassword: Type.String(),
});
export type PasswordResetResponse = Static<typeof PasswordResetResponse>;

/** Max rows in one roster import (a school's whole year fits; scrypt cost stays bounded). */
export const ROSTER_MAX_ROWS = 1000;

export const ImportRosterRequest = Type.Object(
  {
    schoolId: EntityId,
    /** Students are also added to this class (of the same school). */
    classId: Type.Optional(EntityId),
    /**
     * The CSV text, UTF-8 (a BOM is ignored). First line is the header with
     * `username` and `displayName` (or `display_name`) columns, any order;
     * other columns are refused. Every row becomes a student.
     */
    csv: Type.String({ minLength: 1, maxLength: 512 * 1024 }),
  },
  { additionalProperties: false },
);
export type ImportRosterRequest = Static<typeof ImportRosterRequest>;

export const ImportedStudent = Type.Object({
  line: Type.Integer(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** Shown this once; the student should change it at first sign-in. */
  initialPassword: Type.String(),
});
export type ImportedStudent = Static<typeof ImportedStudent>;
export const ImportRosterResponse = Type.Object({ imported: Type.Array(ImportedStudent) });
export type ImportRosterResponse = Static<typeof ImportRosterResponse>;

/** One bad row of a refused import: `error.details.rows` of a CSV_INVALID reply. */
export const RosterRowProblem = Type.Object({
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: Type.Integer(),
  column: Type.Optional(Type.String()),
  message: Type.String(),
});
export type RosterRowProblem = Static<typeof RosterRowProblem>;
