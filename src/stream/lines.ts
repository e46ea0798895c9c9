import type { LabConfig } from '../config';
import { parseLine } from '../logformat';
import { classify, courseRowKey, loadSearchEngines, searchRowKey } from './classify';
import type { LineHandler } from './job';

/** The job's line handler: parse → validate → classify → row keys. */
export function createLineHandler(cfg: Pick<LabConfig, 'projectRoot'>): LineHandler {
  const engines = loadSearchEngines(cfg.projectRoot);
  return (line) => {
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
