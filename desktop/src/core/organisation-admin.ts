/**
 * Classes of the signed-in person's school, and the regions and schools a
 * region admin runs, mapped onto /api/v1/admin/{classes,regions,schools}.
 * The server decides who may; a refusal comes back as FORBIDDEN.
 */
import { ClassList, ClassMemberList, MeResponse, Region, RegionList, School, SchoolClass, SchoolList, checker, type HostArgs, type HostResult } from '@sinif/shared';
import { id, query, type AdminAuth } from './school-admin.ts';
import type { ServerClient } from './server-client.ts';

const checks = {
  classes: checker(ClassList),
  schoolClass: checker(SchoolClass),
  members: checker(ClassMemberList),
  me: checker(MeResponse),
  regions: checker(RegionList),
  region: checker(Region),
  schools: checker(SchoolList),
  school: checker(School),
};

export class OrganisationAdmin {
  readonly #client: ServerClient;

  constructor(client: ServerClient) {
    this.#client = client;
  }

  classes(auth: AdminAuth): Promise<HostResult<'admin.classes.list'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/classes?${query({ schoolId: auth.schoolId })}`, checks.classes);
  }

  createClass(auth: AdminAuth, args: HostArgs<'admin.classes.create'>): Promise<HostResult<'admin.classes.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/classes', checks.schoolClass, { schoolId: auth.schoolId, name: args.name });
  }

  classMembers(auth: AdminAuth, args: HostArgs<'admin.classes.members'>): Promise<HostResult<'admin.classes.members'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/classes/${id(args.classId)}/members`, checks.members);
  }

  addClassMembers(auth: AdminAuth, args: HostArgs<'admin.classes.addMembers'>): Promise<HostResult<'admin.classes.addMembers'>> {
    return this.#client.call(auth, 'POST', `/api/v1/admin/classes/${id(args.classId)}/members`, checks.members, { members: args.members });
  }

  async grants(auth: AdminAuth): Promise<HostResult<'admin.grants'>> {
    const me = await this.#client.call(auth, 'GET', '/api/v1/me', checks.me);
    return { grants: me.grants };
  }

  regions(auth: AdminAuth): Promise<HostResult<'admin.regions.list'>> {
    return this.#client.call(auth, 'GET', '/api/v1/admin/regions', checks.regions);
  }

  createRegion(auth: AdminAuth, args: HostArgs<'admin.regions.create'>): Promise<HostResult<'admin.regions.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/regions', checks.region, { name: args.name });
  }

  schools(auth: AdminAuth, args: HostArgs<'admin.schools.list'>): Promise<HostResult<'admin.schools.list'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/schools?${query({ regionId: args.regionId })}`, checks.schools);
  }

  createSchool(auth: AdminAuth, args: HostArgs<'admin.schools.create'>): Promise<HostResult<'admin.schools.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/schools', checks.school, { regionId: args.regionId, name: args.name });
  }
}
