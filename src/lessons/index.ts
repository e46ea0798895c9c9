/** Helpers the lesson notebooks call: kept here (and tested) so that no logic lives only in a cell. */
export { runId } from './names';
export { generateSample, sampleRows, type Sample, type SampleOptions, type SampleRow } from './samples';
export { renderedFlumeConfig, parseProperties, flumeFlow, shipLines, taildirPositions, type FlumeFlow, type TaildirPosition } from './flume';
export { eventually } from '../util/wait';
export { topicEnds, readSince, consumeWithGroup, groupAssignment, type PartitionOffset, type ReadMessage } from './kafka';
export { freshDay } from './fresh-day';
export { percentile } from '../util/percentile';
export { dayTotal, probeFreshness, measureFreshness, type ProbeResult, type ProbeOptions, type SteadyFreshness } from './freshness';
export { shipDay, type ShippedDay, type ShipDayOptions } from './ship-day';
export { deleteLeftoverTopics, dropLeftoverTables } from './leftovers';
export { timeQuery, createScratchTables, dropScratchTables, measureSinkWrites, storageSizes, SCRATCH_PREFIX, type ScratchTables, type SinkWriteResult, type StorageSize } from './two-stores';
export { untilSparkExact, benchJobFigures, type JobFigures } from './spark';
export { confusionAt, thresholdCurve, deployModel, injectIncidents, type Confusion, type LiveIncidents } from './detector';
