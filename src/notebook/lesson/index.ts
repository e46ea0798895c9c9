/** Helpers the lesson notebooks call: kept here (and tested) so that no logic lives only in a cell. */
export { runId } from './names';
export { generateSample, sampleRows, type Sample, type SampleOptions, type SampleRow } from './samples';
export { renderedFlumeConfig, parseProperties, flumeFlow, shipLines, avroHopExample, taildirPositions, type FlumeFlow, type TaildirPosition } from './flume';
export { eventually } from './wait';
export { topicEnds, readSince, consumeWithGroup, groupAssignment, type PartitionOffset, type ReadMessage } from './kafka';
