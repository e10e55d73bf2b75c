/** /api/v1/admin/classes: groups of students with their teachers, per school. */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddClassMembersRequest,
  ClassList,
  ClassMemberList,
  ClassParams,
  CreateClassRequest,
  SchoolClass,
  SchoolScopedQuery,
  type ClassMemberRole,
} from '@sinif/shared';
import type { StoreDb } from '../../../../../db/store.ts';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { conflict } from '../../../../../http/api-error.ts';

async function classMembers(db: StoreDb, classId: string): Promise<ClassMemberList> {
  const rows = await db
    .selectFrom('class_members')
    .innerJoin('users', 'users.id', 'class_members.user_id')
    .select(['users.id as userId', 'users.username', 'users.display_name as displayName', 'class_members.role'])
    .where('class_members.class_id', '=', classId)
    .orderBy('class_members.role')
    .orderBy('users.username')
    .execute();
  return { members: rows.map((r) => ({ ...r, role: r.role as ClassMemberRole })) };
}

const classes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: { body: CreateClassRequest, response: { 201: SchoolClass } },
      config: { action: 'class.create', scope: scopeOf.schoolIn('body') },
    },
    async (request, reply) => {
      const { schoolId } = request.body;
      const name = request.body.name.trim();
      const existing = await app.store.selectFrom('classes').select('id').where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst();
      if (existing) throw conflict(`The school already has a class named ${name}.`);
      const created = { id: randomUUID(), schoolId, name, teacherCount: 0, studentCount: 0 };
      await app.store.transaction().execute(async (trx) => {
        await trx.insertInto('classes').values({ id: created.id, school_id: schoolId, name, created_at: new Date().toISOString() }).execute();
        await auditRequest(trx, request, { action: 'class.create', schoolId, target: created.id, detail: { name } });
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/',
    {
      schema: { querystring: SchoolScopedQuery, response: { 200: ClassList } },
      config: { action: 'class.list', scope: scopeOf.schoolIn('query') },
    },
    async (request) => {
      const rows = await app.store
        .selectFrom('classes')
        .leftJoin('class_members', 'class_members.class_id', 'classes.id')
        .select((eb) => [
          'classes.id as id',
          'classes.school_id as schoolId',
          'classes.name as name',
          eb.fn.sum<number>(eb.case().when('class_members.role', '=', 'teacher').then(1).else(0).end()).as('teacherCount'),
          eb.fn.sum<number>(eb.case().when('class_members.role', '=', 'student').then(1).else(0).end()).as('studentCount'),
        ])
        .where('classes.school_id', '=', request.query.schoolId)
        .groupBy('classes.id')
        .orderBy('classes.name')
        .execute();
      return { classes: rows.map((r) => ({ ...r, teacherCount: Number(r.teacherCount ?? 0), studentCount: Number(r.studentCount ?? 0) })) };
    },
  );

  app.get(
    '/:classId/members',
    {
      schema: { params: ClassParams, response: { 200: ClassMemberList } },
      config: { action: 'class.list', scope: scopeOf.schoolClass() },
    },
    async (request) => classMembers(app.store, request.params.classId),
  );

  app.post(
    '/:classId/members',
    {
      schema: { params: ClassParams, body: AddClassMembersRequest, response: { 200: ClassMemberList } },
      config: { action: 'class.manageMembers', scope: scopeOf.schoolClass() },
    },
    async (request) => {
      const { classId } = request.params;
      const school = await app.store.selectFrom('classes').select('school_id').where('id', '=', classId).executeTakeFirstOrThrow();
      const ids = [...new Set(request.body.members.map((m) => m.userId))];
      // A member must belong to the class's school: by home school or by a role held there.
      const belonging = await app.store
        .selectFrom('users')
        .select('id')
        .where('id', 'in', ids)
        .where((eb) =>
          eb.or([
            eb('school_id', '=', school.school_id),
            eb('id', 'in', eb.selectFrom('user_roles').select('user_id').where('school_id', '=', school.school_id)),
          ]),
        )
        .execute();
      const known = new Set(belonging.map((u) => u.id));
      const strangers = ids.filter((id) => !known.has(id));
      if (strangers.length > 0) throw conflict(`Not people of this school: ${strangers.slice(0, 5).join(', ')}.`);
      await app.store.transaction().execute(async (trx) => {
        for (const member of request.body.members) {
          await trx
            .insertInto('class_members')
            .values({ class_id: classId, user_id: member.userId, role: member.role })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        await auditRequest(trx, request, {
          action: 'class.manageMembers',
          schoolId: school.school_id,
          target: classId,
          detail: { added: request.body.members.length },
        });
      });
      // A student signed in at a lab PC now: the teacher's "select this class" must see the change without a reconnect.
      const students = request.body.members.filter((m) => m.role === 'student').map((m) => m.userId);
      if (students.length > 0) {
        await app.realtime?.labs.classesChanged(students).catch((error: unknown) => request.log.error({ err: error }, 'could not refresh the classes of connected lab PCs'));
      }
      return classMembers(app.store, classId);
    },
  );
};

export default classes;
