import type { LabConfig } from '../config';
import { parseLine } from '../logformat';
import { ByDayCourse } from './by-day';
import { classify } from '../schema';
import { loadSearchEngines, type SearchEngines } from '../schema/search-engines';
import type { LineHandler, LineOutcome } from './job';
import { courseRowKey, dayString, searchRowKey } from '../schema/row-keys';
import { newScanResult, scanLine, SCAN_COURSE, SCAN_OTHER } from './scan';

type CourseOutcome = Extract<LineOutcome, { kind: 'course' }>;

const OTHER: LineOutcome = Object.freeze({ kind: 'other' });
/**
 * Row keys remembered before the cache starts over. A day has (courses × (1 + engines)) keys, a few hundred;
 * the bound only matters when lines carry thousands of made-up course ids.
 */
const MAX_CACHED = 100_000;

/**
 * The outcomes of course clicks, built once per (day, course, engine) and then shared (frozen): per line the
 * handler then allocates nothing, and the job's Map lookups hash a string whose hash V8 has already cached.
 */
class CourseOutcomes {
  private readonly byDay: ByDayCourse<(CourseOutcome | undefined)[]>;

  constructor(private readonly engines: SearchEngines) {
    this.byDay = new ByDayCourse(() => new Array<CourseOutcome | undefined>(1 + engines.hosts.length).fill(undefined));
  }

  get(day: number, courseId: number, engine: number): CourseOutcome {
    if (this.byDay.size > MAX_CACHED) this.byDay.clear();
    const slots = this.byDay.get(day, courseId);
    const cached = slots[engine + 1];
    if (cached) return cached;
    const dayKey = dayString(day);
    const courseRow = slots[0]?.courseRow ?? courseRowKey(dayKey, courseId);
    const made: CourseOutcome = Object.freeze({
      kind: 'course',
      courseRow,
      searchRow: engine < 0 ? null : searchRowKey(dayKey, this.engines.hosts[engine] as string, courseId),
    });
    slots[engine + 1] = made;
    return made;
  }
}

/**
 * The job's line handler: parse → validate → classify → row keys. Bytes take the fast path (scan.ts) when the
 * line is canonical; strings and everything else go through parseLine, which also names what is malformed.
 * Returned outcomes are shared and frozen: read them, do not change them.
 */
export function createLineHandler(cfg: Pick<LabConfig, 'projectRoot'>): LineHandler {
  const engines = loadSearchEngines(cfg.projectRoot);
  const outcomes = new CourseOutcomes(engines);
  const scan = newScanResult();
  return (input) => {
    if (typeof input !== 'string') {
      const kind = scanLine(input, 0, input.length, engines, scan);
      if (kind === SCAN_COURSE) return outcomes.get(scan.day, scan.courseId, scan.engine);
      if (kind === SCAN_OTHER) return OTHER;
    }
    const parsed = parseLine(typeof input === 'string' ? input : input.toString('utf8'));
    if (!parsed.ok) return { kind: 'malformed', reason: `${parsed.reason}: ${parsed.detail}` };
    const c = classify(parsed.record, engines);
    if (c.kind === 'other') return OTHER;
    return outcomes.get(Number(c.day), c.courseId, c.searchEngine === null ? -1 : engines.indexOf(c.searchEngine));
  };
}
