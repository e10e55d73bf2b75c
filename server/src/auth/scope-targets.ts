/**
 * Where a request acts, for the permission matrix's scope check: each route
 * names a resolver that turns its (already validated) params/query/body into
 * a school (with its region) or a region. An unknown id is a 404.
 */
import type { FastifyRequest } from 'fastify';
import type { ScopeTarget } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { notFound } from '../http/api-error.ts';

export type ScopeResolver = (request: FastifyRequest) => Promise<ScopeTarget>;

type Fields = Record<string, unknown>;
const field = (source: unknown, name: string): string => String((source as Fields | undefined)?.[name] ?? '');

async function schoolTarget(db: StoreDb, schoolId: string): Promise<ScopeTarget> {
  const school = await db.selectFrom('schools').select(['id', 'region_id']).where('id', '=', schoolId).executeTakeFirst();
  if (!school) throw notFound(`No school ${schoolId}.`);
  return { regionId: school.region_id, schoolId: school.id };
}

async function regionTarget(db: StoreDb, regionId: string): Promise<ScopeTarget> {
  const region = await db.selectFrom('regions').select('id').where('id', '=', regionId).executeTakeFirst();
  if (!region) throw notFound(`No region ${regionId}.`);
  return { regionId: region.id };
}

async function schoolOf(db: StoreDb, what: string, id: string, find: Promise<{ school_id: string } | undefined>): Promise<ScopeTarget> {
  const row = await find;
  if (!row) throw notFound(`No ${what} ${id}.`);
  return schoolTarget(db, row.school_id);
}

export const scopeOf = {
  /** Across all regions: only an `any` grant reaches it. */
  global: (): ScopeResolver => async () => 'global',
  regionIn: (part: 'query' | 'body', name = 'regionId'): ScopeResolver => async (request) =>
    regionTarget(request.server.store, field(request[part], name)),
  schoolIn: (part: 'query' | 'body', name = 'schoolId'): ScopeResolver => async (request) =>
    schoolTarget(request.server.store, field(request[part], name)),
  labIn: (part: 'body' | 'params', name = 'labId'): ScopeResolver => async (request) => {
    const id = field(request[part], name);
    const db = request.server.store;
    return schoolOf(db, 'lab', id, db.selectFrom('labs').select('school_id').where('id', '=', id).executeTakeFirst());
  },
  device: (): ScopeResolver => async (request) => {
    const id = field(request.params, 'deviceId');
    const db = request.server.store;
    const find = db
      .selectFrom('devices')
      .innerJoin('labs', 'labs.id', 'devices.lab_id')
      .select('labs.school_id as school_id')
      .where('devices.id', '=', id)
      .executeTakeFirst();
    return schoolOf(db, 'device', id, find);
  },
  /** A person is administered by their home school (and its region). */
  user: (): ScopeResolver => async (request) => {
    const id = field(request.params, 'userId');
    const db = request.server.store;
    return schoolOf(db, 'user', id, db.selectFrom('users').select('school_id').where('id', '=', id).executeTakeFirst());
  },
  schoolClass: (): ScopeResolver => async (request) => {
    const id = field(request.params, 'classId');
    const db = request.server.store;
    return schoolOf(db, 'class', id, db.selectFrom('classes').select('school_id').where('id', '=', id).executeTakeFirst());
  },
  enrolmentCode: (): ScopeResolver => async (request) => {
    const id = field(request.params, 'codeId');
    const db = request.server.store;
    const find = db
      .selectFrom('enrolment_codes')
      .innerJoin('labs', 'labs.id', 'enrolment_codes.lab_id')
      .select('labs.school_id as school_id')
      .where('enrolment_codes.id', '=', id)
      .executeTakeFirst();
    return schoolOf(db, 'enrolment code', id, find);
  },
};
