import type { LabConfig } from '../config';
import { parseLine } from '../logformat';
import { classify, courseRowKey, loadSearchEngines, searchRowKey } from './classify';
import { fastOutcome } from './fast-path';
import type { LineHandler } from './job';

/** The job's line handler: parse → validate → classify → row keys (bytes take the fast path when they can). */
export function createLineHandler(cfg: Pick<LabConfig, 'projectRoot'>): LineHandler {
  const engines = loadSearchEngines(cfg.projectRoot);
  return (input) => {
    const fast = typeof input === 'string' ? undefined : fastOutcome(input, engines);
    if (fast) return fast;
    const line = typeof input === 'string' ? input : input.toString('utf8');
    const parsed = parseLine(line);
    if (!parsed.ok) return { kind: 'malformed', reason: `${parsed.reason}: ${parsed.detail}` };
    const c = classify(parsed.record, engines);
    if (c.kind === 'other') return c;
    return {
      kind: 'course',
      courseRow: courseRowKey(c.day, c.courseId),
      searchRow: c.searchEngine ? searchRowKey(c.day, c.searchEngine, c.courseId) : null,
    };
  };
}
