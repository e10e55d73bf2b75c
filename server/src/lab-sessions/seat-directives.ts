/** How each command kind changes what a seat must enforce. */
import type { LabCommandBody, LabCommandRequest, SeatDirectives } from '@sinif/shared';

export const emptyDirectives = (): SeatDirectives => ({ lock: null, lessonId: null, siteUrl: null, allowlist: null });

/** The body of a command as a seat receives it (no session, id or targets). */
export type CommandBody = LabCommandBody;

export function commandBody(request: LabCommandRequest): CommandBody {
  const { sessionId: _sessionId, id: _id, targets: _targets, ...body } = request;
  return body as CommandBody;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** The directives after `body`; the same object when the command changes no state (a message). */
export function applyCommand(directives: SeatDirectives, body: CommandBody): SeatDirectives {
  switch (body.kind) {
    case 'lock':
      return { ...directives, lock: { mode: 'lock', message: body.message ?? null } };
    case 'eyesOnTeacher':
      return { ...directives, lock: { mode: 'eyesOnTeacher', message: body.message ?? null } };
    case 'unlock':
      return { ...directives, lock: null };
    case 'pushLesson':
      return { ...directives, lessonId: body.lessonId };
    case 'pushSite': {
      // A pushed site must open even under an allowlist: the teacher chose it.
      const host = body.url === null ? null : hostOf(body.url);
      const allowlist = directives.allowlist && host && !directives.allowlist.includes(host) ? [...directives.allowlist, host] : directives.allowlist;
      return { ...directives, siteUrl: body.url, allowlist };
    }
    case 'setAllowlist':
      return { ...directives, allowlist: body.hostnames === null ? null : [...new Set(body.hostnames.map((h) => h.toLowerCase()))] };
    case 'message':
      return directives;
    default: {
      const never: never = body;
      return never;
    }
  }
}
