import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { kafkaFor } from '../kafka';
import { status } from '../lab/status';
import { sparkJobStatus, startSparkJob, stopSparkJob } from '../spark/job';
import { clusterSettings, formatSubmitCommand, packageSparkJob, submitArgs } from '../spark/package';
import { positive } from './pipeline-commands';
import { sparkFigures } from './stack-commands';

export interface SparkCommandOptions {
  triggerMs?: string | undefined;
  /** `lab spark package --out DIR`. */
  out?: string | undefined;
  /** `lab spark package --master URL`: the master the printed spark-submit command names. */
  master?: string | undefined;
}

/** `lab spark start [--trigger-ms N] | stop | status | package [--out DIR] [--master URL]`: the Spark job (issue #18), not started by `lab up`. */
export async function sparkCommand(cfg: LabConfig, sub: string | undefined, opts: SparkCommandOptions = {}): Promise<number> {
  if (sub === 'start') {
    await assertStackUp(cfg);
    const r = await startSparkJob(cfg, { triggerMs: positive('trigger-ms', opts.triggerMs, 1000) });
    const s = await sparkJobStatus(cfg);
    console.log(`spark job ${r.outcome === 'started' ? 'started' : 'already running'} (pid ${r.pid}); log ${s.logFile}; checkpoint ${s.checkpoint}`);
    return 0;
  }
  if (sub === 'stop') {
    console.log(`spark job ${await stopSparkJob(cfg)}`);
    return 0;
  }
  if (sub === 'status' || sub === undefined) {
    const kafkaUp = (await status(cfg)).kafka.state === 'running';
    const s = await sparkJobStatus(cfg, kafkaUp ? kafkaFor(cfg, 'lab-spark-status') : undefined);
    console.log(`spark job ${s.state}${s.pid === null ? '' : ` (pid ${s.pid})`}${sparkFigures(s)}; log ${s.logFile}; checkpoint ${s.checkpoint}`);
    return s.state === 'running' ? 0 : 3;
  }
  if (sub === 'package') return packageCommand(cfg, opts);
  throw new LabError(`Unknown \`lab spark ${sub}\``, { hint: 'Use `lab spark start`, `lab spark stop`, `lab spark status` or `lab spark package`.' });
}

/** The job reads Kafka and writes HBase from its first batch: without them it would start, then fail in a batch. */
async function assertStackUp(cfg: LabConfig): Promise<void> {
  const s = await status(cfg);
  const down = (['kafka', 'hbase'] as const).filter((n) => s[n].state !== 'running');
  if (down.length > 0) {
    throw new LabError(`The Spark job needs ${down.join(' and ')}, which ${down.length > 1 ? 'are' : 'is'} not running`, { hint: 'Run `lab up` first (`lab status` shows what runs).' });
  }
}

/** Builds the jar and its dependencies, then prints the spark-submit command for this lab's Kafka, ZooKeeper and tables. */
async function packageCommand(cfg: LabConfig, opts: SparkCommandOptions): Promise<number> {
  const pkg = await packageSparkJob(cfg, { out: opts.out });
  console.log(`packaged ${pkg.jobJar}`);
  console.log(`with ${pkg.deps.length} jars a Spark ${cfg.versions.spark} distribution does not ship, in ${pkg.dir}/deps`);
  console.log('');
  console.log(formatSubmitCommand(submitArgs(pkg, clusterSettings(cfg), { master: opts.master ?? 'spark://127.0.0.1:7077' })));
  console.log('');
  console.log('Stop `lab spark start` first: same checkpoint and tables, so the cluster job continues where it stopped.');
  console.log('On YARN or Kubernetes: docs/spark-cluster.md (--deploy-mode cluster, the checkpoint on shared storage).');
  return 0;
}
