export { kafkaFor, logLevel } from './client';
export { installedParts, useFasterReading } from './patch';
export { ensureTopics, labTopics, type TopicSpec } from './topics';
