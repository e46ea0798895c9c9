export { kafkaFor, logLevel } from './client';
export { installedParts, missingParts, type InstalledParts } from './patch';
export { KAFKAJS_VERSION, assertKafkajsLibrary } from './library';
export { endOffsets, ensureTopics, labTopics, type TopicSpec } from './topics';
export { readRecordAt, readTopicToEnd } from './read-to-end';
export { onCrashForGood } from './crash';
