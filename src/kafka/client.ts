import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { kafkaBrokers, type LabConfig } from '../config';
import { assertKafkajsLibrary } from './library';

assertKafkajsLibrary();

/**
 * kafkajs logs a few retriable conditions at ERROR although it retries them and succeeds: a fresh consumer
 * group always meets "The group coordinator is not available" once. Learners should not read that as a
 * failure, so those lines are dropped (likewise a member's heartbeat hearing that its group rebalances, and a
 * transaction begun while the broker still writes the previous one's markers, which the job's committer
 * retries: transactional-commit.ts); every other error is printed as kafkajs formats it.
 */
const EXPECTED_AND_RETRIED =
  /group coordinator is not available|coordinator is loading|rebalance in progress|group is rebalancing|another concurrent operation on the same transaction/i;

const quietLogCreator: logCreator = (level) => {
  const print = logLevel.ERROR;
  return ({ namespace, level: lvl, log }) => {
    if (lvl > print || level === logLevel.NOTHING) return;
    const text = `${log.message ?? ''} ${String(log.error ?? '')}`;
    if (EXPECTED_AND_RETRIED.test(text)) return;
    console.error(`kafkajs ${namespace}: ${log.message}${log.error ? ` (${String(log.error)})` : ''}`);
  };
};

/** One place that builds kafkajs clients for the lab, so every stage uses the same brokers and logging. */
export { logLevel };

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
