import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { kafkaBrokers, type LabConfig } from '../config';

/**
 * kafkajs logs a few retriable conditions at ERROR although it retries them and succeeds: a fresh consumer
 * group always meets "The group coordinator is not available" once. Learners should not read that as a
 * failure, so those lines are dropped (likewise a member's heartbeat hearing that its group rebalances); every other error is printed as kafkajs formats it.
 */
const EXPECTED_WHILE_STARTING = /group coordinator is not available|coordinator is loading|rebalance in progress|group is rebalancing/i;

const quietLogCreator: logCreator = (level) => {
  const print = logLevel.ERROR;
  return ({ namespace, level: lvl, log }) => {
    if (lvl > print || level === logLevel.NOTHING) return;
    const text = `${log.message ?? ''} ${String(log.error ?? '')}`;
    if (EXPECTED_WHILE_STARTING.test(text)) return;
    console.error(`kafkajs ${namespace}: ${log.message}${log.error ? ` (${String(log.error)})` : ''}`);
  };
};

/** One place that builds kafkajs clients for the lab, so every stage uses the same brokers and logging. */
export function kafkaFor(cfg: LabConfig, clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(cfg),
    logLevel: logLevel.ERROR,
    logCreator: quietLogCreator,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
    ...overrides,
  });
}
