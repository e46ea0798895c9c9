/**
 * clickstream-lab as a library: what the notebooks, the CLI and the tests import. Notebooks import it by
 * name (`import { loadConfig } from 'clickstream-lab'`), so the code they run is the code the CLI runs.
 */
export { loadConfig, labPaths, kafkaBrokers, zookeeperQuorum, type LabConfig } from './config';
export * from './errors';
export { HBaseClient, readCounter, encodeLong, decodeLong, longToNumber, prefixStop, type HRow } from './hbase';
export { kafkaFor, ensureTopics, labTopics } from './kafka';
export { up, down, reset } from './stack/lab';
export { status, type LabStatus } from './stack/status';
export { doctor } from './stack/doctor';
export { createTables, fetchFlumeMetrics } from './stack/services';
export { StreamJob, aggregateBatch, type LineHandler, type LineOutcome } from './stream/job';
export { applyExactlyOnce, applyAtLeastOnce, countAfter, COUNT_COLUMN, offsetColumn, type CounterUpdate } from './stream/exactly-once';
export { pipelineMetrics, courseClicks, searchClicks, listDays, loadCourseNames, dashboardUrl } from './dashboard';
export { vmUp, vmDown, waitHealthy } from './vm/lab';
export { buildPlan, type VmPlan } from './vm/plan';
