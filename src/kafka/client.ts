import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { kafkaBrokers, type LabConfig } from '../config';

/**
 * One place that builds kafkajs clients for the lab, so every stage uses the same brokers and the same
 * quiet logging (kafkajs logs a transient "group coordinator is not available" on every fresh group,
 * which it retries; learners should not see it as an error).
 */
export function kafkaFor(cfg: LabConfig, clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(cfg),
    logLevel: logLevel.ERROR,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
    ...overrides,
  });
}
