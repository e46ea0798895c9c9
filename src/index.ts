/**
 * clickstream-lab as a library: what the notebooks, the CLI and the tests import. Notebooks import it by
 * name (`import { loadConfig } from 'clickstream-lab'`), so the code they run is the code the CLI runs.
 */
export { loadConfig, labPaths, kafkaBrokers, zookeeperQuorum, SERVICE_NAMES, type LabConfig, type ServiceName } from './config';
export * from './errors';
export { HBaseClient, readCounter, encodeLong, decodeLong, longToNumber, prefixStop, type HRow } from './hbase';
export { kafkaFor, ensureTopics, labTopics } from './kafka';
export { up, down, reset } from './lab/lifecycle';
export { status, type LabStatus, type ServiceStatus } from './lab/status';
export { printStatus } from './cli/stack-commands';
export { doctor } from './lab/doctor';
export { createTables, fetchFlumeMetrics } from './stack/services';
export { StreamJob, aggregateBatch, type LineHandler, type LineOutcome } from './stream/job';
export { applyExactlyOnce, applyAtLeastOnce, countAfter, RowOffsets, type CounterUpdate } from './stream/exactly-once';
export { COUNT_COLUMN, offsetColumn } from './schema';
export { pipelineMetrics, courseClicks, searchClicks, listDays, loadCourseNames, dashboardUrl } from './dashboard';
// Lessons 05-08: crash drill, rowkeys and region metrics, charts, freshness.
export { runCrashDrill, type CrashDrillOptions, type CrashDrillResult } from './lessons/crash-drill';
export { verifyTotals, type Difference } from './stream/verify';
export { saltedKey, saltBucket, saltSplits, saltedPrefixes, bucketLabel, fnv1a } from './hbase/salt';
export { createLabTables, dropTables } from './stack/hbase-admin';
export { regionStats, requestDeltas, writeSpread, measureWrites, type RegionStats, type TableRegionStats, type RegionDelta, type Spread, type WriteMeasurement } from './lessons/region-stats';
export * from './lessons/charts';
export * from './lessons';
export { dashboardGet, nextDashboardEvent, type CourseClicks, type SearchClicks, type DashboardEvent, type PipelineMetrics } from './dashboard';
export { MissingSolutionError, CheckFailedError, check, type CheckFailure } from './lessons/exercises';
export { startNotebook, stopNotebook, notebookUrl } from './notebook/server';
export { showPlotly, plotlyBundle, PLOTLY_MIME, type PlotlyFigure } from './lessons/plotly';
export { buildNotebook, splitBlocks, CHECK_TAG, PLOTLY_TAG } from './notebook/build';
export * from './lessons';
export { generateBulk, generateLive, loadCatalog, LineModel, Random, TruthCounter, type TruthSummary } from './generator';
export { parseLine, formatLine, parseRequest, FIELD_SEPARATOR, type AccessRecord, type ParseResult, type MalformedReason } from './logformat';
export { classify, courseIdOf, refererHost, courseRowKey, searchRowKey, parseCourseRowKey, parseSearchRowKey, loadSearchEngines } from './schema';
export { createLineHandler } from './stream/lines';
export { vmUp, vmDown, waitHealthy } from './lab/vm';
export { buildPlan, type VmPlan } from './vm/plan';
