export { kafkaFor } from './client';
export { ensureTopics, labTopics, type TopicSpec } from './topics';
