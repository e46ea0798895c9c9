import { MissingSolutionError, type HBaseClient, type LabConfig, type SteadyFreshness } from 'clickstream-lab';

/**
 * Exercise 10.1: runs the Spark job with the trigger interval `triggerMs` (restarted, so that the new interval
 * applies), waits until it has caught up with access-log, then measures its freshness at 1,000 lines/s for 10 s
 * from the Spark job's tables, and returns that measurement.
 */
export async function freshnessAtTrigger(cfg: LabConfig, hbase: HBaseClient, triggerMs: number): Promise<SteadyFreshness> {
  throw new MissingSolutionError('10.1 the trigger interval and the freshness it gives', 'stopSparkJob(cfg), then startSparkJob(cfg, { triggerMs }) (a running job keeps its trigger); untilSparkCaughtUp(kafkaFor(cfg, …), sparkCheckpoint(cfg), cfg.topics.accessLog, 120_000); then measureFreshness(sparkTablesConfig(cfg), hbase, 1000, 10): the config with the Spark tables, so that the totals read are the Spark job’s.');
}
