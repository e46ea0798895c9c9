/**
 * clickstream-lab as a library: what the notebooks, the CLI and the tests import. Notebooks import it by
 * name (`import { loadConfig } from 'clickstream-lab'`), so the code they run is the code the CLI runs.
 * Grouped by layer, lowest first (README, "Code layout").
 */
export { loadConfig, labPaths, kafkaBrokers, zookeeperQuorum, SERVICE_NAMES, type LabConfig, type ServiceName } from './config';
export * from './errors';
export { parseLine, formatLine, parseRequest, FIELD_SEPARATOR, type AccessRecord, type ParseResult, type MalformedReason } from './logformat';
export { classify, courseIdOf, refererHost, courseRowKey, searchRowKey, parseCourseRowKey, parseSearchRowKey, loadSearchEngines, COUNT_COLUMN, offsetColumn, type EngineSet } from './schema';
export { HBaseClient, readCounter, encodeLong, decodeLong, longToNumber, prefixStop, type HRow } from './hbase';
export { saltedKey, saltBucket, saltSplits, saltedPrefixes, bucketLabel, fnv1a } from './hbase/salt';
export { kafkaFor, ensureTopics, labTopics } from './kafka';
export { connectSql, sqlPool, sqlEndpointFor, applyBatchOnce, readPosition, PositionMovedError, type SqlEndpoint, type SqlBatch, type StoredPosition } from './sql';
export type { Connection as SqlConnection, Pool as SqlPool } from 'mariadb';
export { SQL_TABLES, SQL_SCHEMA } from './schema';
export { openStore, hbaseTotals, sqlTotals, compareStores, daysBetween, STORE_NAMES, type ClickTotals, type StoreName, type StoreComparison, type RowDifference } from './stores';
export { generateBulk, generateLive, loadCatalog, LineModel, Random, TruthCounter, type TruthSummary } from './generator';
export { createTables, fetchFlumeMetrics } from './stack/services';
export { createLabTables, dropTables } from './stack/hbase-admin';
export { startFlumeAgent, type ExtraFlumeAgent, type ExtraFlumeAgentOptions } from './stack/extra-flume-agents';
export { freePort } from './process/health';
// The job, handed its source and its sink.
export { StreamJob, aggregateBatch, type LineHandler, type LineOutcome } from './stream/job';
export { createLineHandler } from './stream/lines';
export type { Sink, PartitionWriter, SinkBatch } from './stream/sink';
export { HBaseExactlyOnceSink, HBaseAtLeastOnceSink, hbaseSink } from './stream/hbase-sinks';
export { applyExactlyOnce, applyAtLeastOnce, countAfter, RowOffsets, type CounterUpdate } from './stream/exactly-once';
export { verifyTotals, type Difference } from './stream/verify';
// The same counting on Spark Structured Streaming (lesson 10).
export { startSparkJob, stopSparkJob, sparkJobStatus, sparkCheckpoint, sparkJobSettings, SPARK_PROCESS, type SparkJobOptions, type SparkJobStatus } from './spark/job';
export { readCheckpoint, reached, untilSparkCaughtUp, recentBatches, sparkTablesConfig, type SparkProgress, type SparkBatch } from './spark/progress';
export { pipelineMetrics, courseClicks, searchClicks, listDays, loadCourseNames, dashboardUrl, startDashboardCopy, type DashboardCopy, type DashboardPanel } from './dashboard';
export { dashboardGet, nextDashboardEvent, type CourseClicks, type SearchClicks, type DashboardEvent, type PipelineMetrics } from './dashboard';
// What the lessons call: crash drill, region metrics, charts, freshness, shipping a day, exercises' check().
export * from './lessons';
export * from './lessons/charts';
export { runCrashDrill, type CrashDrillOptions, type CrashDrillResult } from './lessons/crash-drill';
export { regionStats, requestDeltas, writeSpread, measureWrites, measureWriteWindows, totalOverWindows, type RegionStats, type TableRegionStats, type RegionDelta, type Spread, type WriteMeasurement, type TrafficWindow, type KeyedTable, type WindowMeasurement } from './lessons/region-stats';
export { MissingSolutionError, CheckFailedError, check, type CheckFailure } from './lessons/exercises';
export { showPlotly, plotlyBundle, PLOTLY_MIME, type PlotlyFigure } from './lessons/plotly';
export { startNotebook, stopNotebook, notebookUrl } from './notebook/server';
export { buildNotebook, splitBlocks, CHECK_TAG, PLOTLY_TAG } from './notebook/build';
export { buildPlan, type VmPlan } from './vm/plan';
// The orchestrator: what `lab up`, `down`, `status` and `doctor` do.
export { up, down, reset } from './lab/lifecycle';
export { status, type LabStatus, type ServiceStatus } from './lab/status';
export { doctor } from './lab/doctor';
export { vmUp, vmDown, waitHealthy } from './lab/vm';
export { printStatus } from './cli/stack-commands';
// Deciding on the stream (issue #19, lesson 11): windows, features, the bot model, the detector and its alerts.
export { SlidingWindows, Watermark, windowStarts, DETECTOR_WINDOWS, COURSE_WINDOWS, type WindowSpec, type ClosedWindow } from './detect/windows';
export { foldIp, ipFeatures, newIpWindow, windowMeans, IP_FEATURES, type IpWindow, type SeenLine } from './detect/features';
export { seenLine } from './detect/seen-line';
export { trainBotModel, botScores, featureImportance, saveBotModel, loadBotModel, DEFAULT_THRESHOLD, type BotModel } from './detect/bot-model';
export { labelledHistory, trainFromHistory, DEFAULT_TRAINING, type TrainRun } from './detect/train';
export { Detector } from './detect/detector';
export { evaluateAlerts, type KindScore } from './detect/evaluate';
export { judgeAlerts, committedAlerts, ALERT_GOALS, type AlertVerdict } from './detect/verify';
export { recentAlerts } from './detect/hbase-alerts';
export { detectorStatus, type DetectorStatus } from './detect/worker-process';
export { readDetectorReport } from './detect/worker';
export { generateTimeline, SHORT_INCIDENTS, type Incident, type TimelineTruth } from './generator';
export type { Alert, AlertKind } from './schema';
