/**
 * The streaming job's pure parts — counting rules, row keys, the byte fast path, the per-batch aggregator and
 * the line handler — with no Kafka or HBase behind them: notebooks and tests import these without a stack.
 * The job itself (Kafka in, HBase out) is in job.ts.
 */
export { classify, courseIdOf, refererHost, MAX_ID_DIGITS, type Classification, type EngineSet } from './classify';
export { SearchEngines, loadSearchEngines } from './engines';
export { courseRowKey, searchRowKey, parseCourseRowKey, parseSearchRowKey, dayString } from './rowkeys';
export { scanLine, newScanResult, SCAN_COURSE, SCAN_OTHER, SCAN_UNSURE, type ScanKind, type ScanResult } from './scan';
export { ClickAggregator, aggregateChunk, type AggregatorOptions, type ClickTotals, type LineKind } from './aggregate';
export { createLineHandler } from './lines';
export type { LineHandler, LineOutcome } from './job';
