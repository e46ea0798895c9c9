import type { AccessRecord } from '../logformat';
import { courseIdOf, refererHost, type EngineSet } from '../schema';
import type { SeenLine } from './features';
import { eventTimeMs } from '../logformat';

/**
 * A well-formed line as the detector sees it: the counting rules' course id (schema/), the referer as none, a
 * search engine (the same engine list as the counting) or another site, and the event time.
 */
export function seenLine(r: AccessRecord, engines: EngineSet): SeenLine {
  const host = refererHost(r.referer);
  return {
    ip: r.ip,
    t: eventTimeMs(r.time),
    courseId: courseIdOf(r.path) ?? null,
    status: r.status,
    referer: r.referer === null ? 'none' : host !== undefined && engines.has(host) ? 'search' : 'site',
  };
}
