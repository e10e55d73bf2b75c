/**
 * A seat tells the session's teachers it refused a site the allowlist does
 * not hold (`lab:blockedSite`). Only the host crosses the wire, never the
 * full address: the teacher needs to know where a student tried to go, not
 * what they searched for. The server counts reports per seat and shows the
 * count (and the last host) on the teacher's seat map.
 */
import { Type, type Static } from 'typebox';
import { EntityId, IsoTime } from '../rest/ids.ts';

/** What `URL.hostname` gives for a web address: a name, an IPv4 literal or a bracketed IPv6 literal. */
export const SiteHost = Type.String({ minLength: 1, maxLength: 253, pattern: '^([a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?|\\[[0-9a-f:.]+\\])$' });

/** `lab:blockedSite` seat → server. `at`: when the seat refused it (its own clock). */
export const LabBlockedSiteReport = Type.Object({ sessionId: EntityId, host: SiteHost, at: Type.String({ format: 'date-time', maxLength: 40 }) }, { additionalProperties: false });
export type LabBlockedSiteReport = Static<typeof LabBlockedSiteReport>;

/** `counted` is false when the seat has no allowlist or the host is on it (a report that raced a change). */
export const LabBlockedSiteAck = Type.Object({ counted: Type.Boolean() });
export type LabBlockedSiteAck = Static<typeof LabBlockedSiteAck>;

/** The last site a seat refused, as its teachers see it (`at`: server time). */
export const LabBlockedSite = Type.Object({ host: Type.String(), at: IsoTime });
export type LabBlockedSite = Static<typeof LabBlockedSite>;

/** Host `lab.blockedSite`: a seat's renderer (or the Electron request filter) refused `url`. */
export const LabBlockedSiteArgs = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type LabBlockedSiteArgs = Static<typeof LabBlockedSiteArgs>;
/** `reported`: the teachers were told (false offline, outside a session, or for a host just reported). */
export const LabBlockedSiteResult = Type.Object({ host: Type.Union([Type.String(), Type.Null()]), reported: Type.Boolean() });
export type LabBlockedSiteResult = Static<typeof LabBlockedSiteResult>;
